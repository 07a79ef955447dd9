package io.epimetheus.pushgateway;

import io.epimetheus.api.model.Labels;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Pushgateway's decoding of {@code @base64} values in push URLs: trailing {@code =} are cut,
 * the rest is RFC 4648 URL-safe base64 without padding, as Go's {@code base64.RawURLEncoding}
 * reads it (lenient trailing bits, {@code \r} and {@code \n} skipped). A bad value fails with Go's
 * message, {@code illegal base64 data at input byte N}, and the bytes decoded before the bad
 * quantum, which the Pushgateway quotes in its message about a job name.
 */
final class GoBase64 {

    /** A value that is not URL-safe base64. */
    static final class DecodeException extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient byte[] decoded;

        DecodeException(int offset, byte[] decoded) {
            super("illegal base64 data at input byte " + offset);
            this.decoded = decoded;
        }

        /** The bytes of the complete quanta before the error. */
        byte[] decoded() {
            return decoded.clone();
        }
    }

    private static final byte[] ALPHABET = new byte[128];

    static {
        Arrays.fill(ALPHABET, (byte) -1);
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < chars.length(); i++) {
            ALPHABET[chars.charAt(i)] = (byte) i;
        }
    }

    private GoBase64() {
    }

    /**
     * Decodes {@code value}, a string from the URL path; offsets in errors count its UTF-8 bytes.
     *
     * @throws DecodeException with Go's message when it is not URL-safe base64
     */
    static byte[] decode(String value) throws DecodeException {
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        int end = in.length;
        while (end > 0 && in[end - 1] == '=') {
            end--;
        }
        byte[] out = new byte[end * 3 / 4 + 3];
        int n = 0;
        int si = 0;
        int[] quantum = new int[4];
        while (si < end) {
            int j = 0;
            while (j < 4) {
                if (si == end) {
                    if (j == 1) {
                        // One character cannot make a byte: Go names the position of that character.
                        throw new DecodeException(si - j, Arrays.copyOf(out, n));
                    }
                    break;
                }
                int c = in[si++] & 0xFF;
                if (c == '\n' || c == '\r') {
                    continue;
                }
                int v = c < 128 ? ALPHABET[c] : -1;
                if (v < 0) {
                    throw new DecodeException(si - 1, Arrays.copyOf(out, n));
                }
                quantum[j++] = v;
            }
            if (j == 0) {
                break;
            }
            int bits = quantum[0] << 18 | quantum[1] << 12 | (j > 2 ? quantum[2] << 6 : 0) | (j > 3 ? quantum[3] : 0);
            out[n++] = (byte) (bits >> 16);
            if (j > 2) {
                out[n++] = (byte) (bits >> 8);
            }
            if (j > 3) {
                out[n++] = (byte) bits;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** {@code bytes} as a string, or {@code null} when they are not valid UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * {@code bytes} quoted as Go's {@code %q} quotes a string: {@link Labels#appendQuoted} for the
     * valid UTF-8 runs, {@code \xNN} for every byte that is not part of one.
     */
    static String quote(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
        int start = 0;
        int i = 0;
        while (i < bytes.length) {
            int width = runeWidth(bytes, i);
            if (width > 0) {
                i += width;
                continue;
            }
            appendValid(out, bytes, start, i);
            out.append("\\x").append(Character.forDigit((bytes[i] >> 4) & 15, 16)).append(Character.forDigit(bytes[i] & 15, 16));
            start = ++i;
        }
        appendValid(out, bytes, start, bytes.length);
        return out.append('"').toString();
    }

    private static void appendValid(StringBuilder out, byte[] bytes, int from, int to) {
        if (from < to) {
            StringBuilder quoted = new StringBuilder();
            Labels.appendQuoted(quoted, new String(bytes, from, to - from, StandardCharsets.UTF_8));
            out.append(quoted, 1, quoted.length() - 1);
        }
    }

    /** The length of the valid UTF-8 sequence at {@code i}, or 0 when there is none. */
    private static int runeWidth(byte[] b, int i) {
        int c = b[i] & 0xFF;
        if (c < 0x80) {
            return 1;
        }
        int width;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            width = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            width = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F; // no surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            width = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + width > b.length) {
            return 0;
        }
        int second = b[i + 1] & 0xFF;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < width; k++) {
            int cont = b[i + k] & 0xFF;
            if (cont < 0x80 || cont > 0xBF) {
                return 0;
            }
        }
        return width;
    }
}
