package io.epimetheus.expfmt.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8AndQuoteTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void validationAgreesWithTheJdkDecoder() {
        byte[] text = "Heizölrückstoßabdämpfung 10€ \uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertEquals(true, Utf8.isValid(text, 0, text.length));
        assertEquals(30, Utf8.codePoints(text, 0, text.length));
        assertEquals(false, Utf8.isValid(bytes(0xC0, 0x80), 0, 2)); // overlong NUL
        assertEquals(false, Utf8.isValid(bytes(0xED, 0xA0, 0x80), 0, 3)); // surrogate
        assertEquals(false, Utf8.isValid(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4)); // above U+10FFFF
        assertEquals(false, Utf8.isValid(bytes(0xE2, 0x82), 0, 2)); // truncated
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[rnd.nextInt(1, 6)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) (rnd.nextBoolean() ? rnd.nextInt(0x80, 0x100) : rnd.nextInt(0, 0x100));
            }
            assertEquals(jdkValid(b), Utf8.isValid(b, 0, b.length), () -> java.util.HexFormat.of().formatHex(b));
        }
    }

    @Test
    void quotesLikeGo() {
        assertEquals("\"a\\n\\t\\\"\\\\\\x00\\x7f\"", GoQuote.quote(bytes('a', '\n', '\t', '"', '\\', 0, 0x7F), 0, 7));
        assertEquals("\"\\xff\"", GoQuote.quote(bytes(0xFF), 0, 1));
        assertEquals("\"ö€\"", GoQuote.quote("ö€"));
        assertEquals("\"\\u00a0\\u200b\"", GoQuote.quote("\u00A0\u200B")); // no-break space, zero-width space
        assertEquals("\"\\a\\b\\f\\r\\v\"", GoQuote.quote("\u0007\b\f\r\u000B"));
    }
}
