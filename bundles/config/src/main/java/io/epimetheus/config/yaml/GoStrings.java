package io.epimetheus.config.yaml;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Go's view of strings, for faithful messages: Go strings are bytes and may hold invalid UTF-8
 * (a {@code !!binary} YAML value can produce one). Such bytes are carried in Java strings as lone
 * low surrogates {@code U+DC80..U+DCFF} (the "surrogate escape" convention), which no well-formed
 * string contains, so label validation rejects them and {@link #quote} prints them as Go does
 * ({@code "\xff"}).
 */
public final class GoStrings {

    private GoStrings() {
    }

    /** Decodes UTF-8, carrying each invalid byte as an escaped byte. */
    public static String decodeUtf8(byte[] bytes) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder sb = new StringBuilder(bytes.length);
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            out.flip();
            sb.append(out);
            out.clear();
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    sb.append((char) (0xDC00 | (in.get() & 0xFF)));
                }
            } else if (r.isUnderflow()) {
                break;
            }
        }
        return sb.toString();
    }

    /** Whether {@code c} carries a byte that was not valid UTF-8. */
    public static boolean isEscapedByte(char c) {
        return c >= 0xDC80 && c <= 0xDCFF;
    }

    /** The string double-quoted like Go's {@code %q}: escapes for quotes, backslashes, controls and invalid bytes. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (isEscapedByte(c) || (Character.isLowSurrogate(c)
                            && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1))))) {
                        appendHexByte(sb, c & 0xFF);
                    } else if (c < 0x20 || c == 0x7f) {
                        appendHexByte(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void appendHexByte(StringBuilder sb, int b) {
        sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
    }
}
