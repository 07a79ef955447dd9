package io.epimetheus.expfmt;

import io.epimetheus.api.model.FloatFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that encodes exposition text: UTF-8 with the escaping the formats need,
 * and numbers without allocating. Reused across expositions.
 */
final class LineBuffer {

    /** Escapes for label values and OpenMetrics help: backslash, double quote, newline. */
    static final int ESCAPE_QUOTED = 1;
    /** Escapes for text-format help: backslash and newline only. */
    static final int ESCAPE_HELP = 2;

    // Below 2^53 every integer is exact, so its decimal digits are also the shortest ones.
    private static final double EXACT_INTEGER_LIMIT = 0x1p53;

    private byte[] bytes;
    private int size;
    private final StringBuilder number = new StringBuilder(32);
    private final byte[] digits = new byte[20];

    LineBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
        size = 0;
    }

    void append(LineBuffer other) {
        ensure(other.size);
        System.arraycopy(other.bytes, 0, bytes, size, other.size);
        size += other.size;
    }

    void append(char ascii) {
        ensure(1);
        bytes[size++] = (byte) ascii;
    }

    /** Appends {@code s} as UTF-8, escaping per {@code escape} (0 for none). */
    void appendUtf8(String s, int escape) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '\\' && escape != 0) {
                    appendTwo('\\', '\\');
                } else if (c == '\n' && escape != 0) {
                    appendTwo('\\', 'n');
                } else if (c == '"' && escape == ESCAPE_QUOTED) {
                    appendTwo('\\', '"');
                } else {
                    ensure(1);
                    bytes[size++] = (byte) c;
                }
            } else if (c < 0x800) {
                ensure(2);
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                bytes[size++] = (byte) (0xF0 | (cp >> 18));
                bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                // An unpaired surrogate has no UTF-8 form: write U+FFFD as String.getBytes does.
                int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                ensure(3);
                bytes[size++] = (byte) (0xE0 | (cp >> 12));
                bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
    }

    /** Appends Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}, as {@link FloatFormat#appendG}. */
    void appendFloat(double v) {
        double a = Math.abs(v);
        if (a < EXACT_INTEGER_LIMIT && a >= 1 && a == Math.rint(a)) {
            appendInteger(v < 0, (long) a);
            return;
        }
        number.setLength(0);
        FloatFormat.appendG(number, v);
        appendAscii(number);
    }

    void appendLong(long v) {
        if (v == Long.MIN_VALUE) {
            appendAscii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            append('-');
            v = -v;
        }
        int n = 0;
        do {
            digits[19 - n++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        ensure(n);
        System.arraycopy(digits, 20 - n, bytes, size, n);
        size += n;
    }

    /** Appends milliseconds as OpenMetrics seconds with three decimals, e.g. {@code 1520879607.789}. */
    void appendSeconds(long millis) {
        if (millis < 0) {
            append('-');
        }
        appendLong(Math.abs(millis / 1000));
        append('.');
        long ms = Math.abs(millis % 1000);
        append((char) ('0' + ms / 100));
        append((char) ('0' + ms / 10 % 10));
        append((char) ('0' + ms % 10));
    }

    // Go's shortest 'g' form of an integer: plain below 1e6, d.ddde+XX from there.
    private void appendInteger(boolean negative, long v) {
        int n = 0;
        do {
            digits[19 - n++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        int first = 20 - n;
        ensure(n + 6);
        if (negative) {
            bytes[size++] = '-';
        }
        if (n <= 6) {
            System.arraycopy(digits, first, bytes, size, n);
            size += n;
            return;
        }
        int significant = n;
        while (digits[first + significant - 1] == '0') {
            significant--;
        }
        bytes[size++] = digits[first];
        if (significant > 1) {
            bytes[size++] = '.';
            System.arraycopy(digits, first + 1, bytes, size, significant - 1);
            size += significant - 1;
        }
        int exp = n - 1;
        bytes[size++] = 'e';
        bytes[size++] = '+';
        bytes[size++] = (byte) ('0' + exp / 10);
        bytes[size++] = (byte) ('0' + exp % 10);
    }

    void appendAscii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    private void appendTwo(char a, char b) {
        ensure(2);
        bytes[size++] = (byte) a;
        bytes[size++] = (byte) b;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
