package io.epimetheus.expfmt.text;

/** UTF-8 validation and decoding over byte ranges, with the rules of Go's {@code unicode/utf8}. */
public final class Utf8 {

    /** Returned by {@link #decode} for an invalid sequence; its width is then 1. */
    static final int INVALID = -1;

    private Utf8() {
    }

    /** Whether {@code b[from, to)} is valid UTF-8 (no overlong forms, surrogates or code points above U+10FFFF). */
    public static boolean isValid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int w = width(b, i, to);
            if (w < 0) {
                return false;
            }
            i += w;
        }
        return true;
    }

    /** The number of code points in the valid UTF-8 range {@code b[from, to)}; invalid bytes count one each. */
    static int codePoints(byte[] b, int from, int to) {
        int n = 0;
        int i = from;
        while (i < to) {
            int w = b[i] >= 0 ? 1 : width(b, i, to);
            i += w < 0 ? 1 : w;
            n++;
        }
        return n;
    }

    /** The code point at {@code i}, or {@link #INVALID}; {@link #width} tells how many bytes it takes. */
    static int decode(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        if (c < 0x80) {
            return c;
        }
        int w = width(b, i, to);
        if (w < 0) {
            return INVALID;
        }
        if (w == 2) {
            return ((c & 0x1F) << 6) | (b[i + 1] & 0x3F);
        }
        if (w == 3) {
            return ((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
        }
        return ((c & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
    }

    /** The byte length of the well-formed sequence starting at {@code i}, or -1 when it is not well formed. */
    static int width(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        if (c < 0x80) {
            return 1;
        }
        if (c < 0xC2 || c > 0xF4) {
            return -1; // continuation byte, overlong 2-byte lead, or beyond U+10FFFF
        }
        if (c < 0xE0) {
            return i + 1 < to && isContinuation(b[i + 1]) ? 2 : -1;
        }
        if (i + 1 >= to) {
            return -1;
        }
        int c1 = b[i + 1] & 0xFF;
        // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
        int lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        int hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        if (c1 < lo || c1 > hi) {
            return -1;
        }
        if (c < 0xF0) {
            return i + 2 < to && isContinuation(b[i + 2]) ? 3 : -1;
        }
        return i + 3 < to && isContinuation(b[i + 2]) && isContinuation(b[i + 3]) ? 4 : -1;
    }

    private static boolean isContinuation(byte x) {
        return (x & 0xC0) == 0x80;
    }
}
