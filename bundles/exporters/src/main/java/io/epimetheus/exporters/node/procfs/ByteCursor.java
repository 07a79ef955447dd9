package io.epimetheus.exporters.node.procfs;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over the bytes of a procfs or sysfs file, for parsing without regexes or per-field
 * objects: tokens are byte ranges ({@link #start()}, {@link #end()}) that the caller compares,
 * converts to numbers, or maps to cached strings through a {@link NameCache}.
 *
 * <p>Whitespace is space and tab; lines end at {@code '\n'}. Not thread-safe.
 */
public final class ByteCursor {

    private byte[] buf;
    private int limit;
    private int pos;
    private int tokenStart;
    private int tokenEnd;

    /** Points this cursor at {@code buf[0..limit)}. */
    public ByteCursor reset(byte[] buf, int limit) {
        this.buf = buf;
        this.limit = limit;
        this.pos = 0;
        this.tokenStart = 0;
        this.tokenEnd = 0;
        return this;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Whether everything was consumed. */
    public boolean atEnd() {
        return pos >= limit;
    }

    /** Whether the rest of the current line holds nothing but whitespace. */
    public boolean atLineEnd() {
        skipBlanks();
        return pos >= limit || buf[pos] == '\n';
    }

    /** Moves past the next {@code '\n'} (or to the end). */
    public void nextLine() {
        while (pos < limit && buf[pos] != '\n') {
            pos++;
        }
        if (pos < limit) {
            pos++;
        }
    }

    /**
     * Reads the next whitespace-separated token of the current line. Returns {@code false}, without
     * moving to the next line, when the line has no more tokens.
     */
    public boolean token() {
        skipBlanks();
        int s = pos;
        while (pos < limit) {
            byte b = buf[pos];
            if (b == ' ' || b == '\t' || b == '\n') {
                break;
            }
            pos++;
        }
        tokenStart = s;
        tokenEnd = pos;
        return pos > s;
    }

    /** Reads the next token delimited by whitespace or {@code delimiter} and consumes the delimiter. */
    public boolean tokenUntil(byte delimiter) {
        skipBlanks();
        int s = pos;
        while (pos < limit) {
            byte b = buf[pos];
            if (b == delimiter || b == ' ' || b == '\t' || b == '\n') {
                break;
            }
            pos++;
        }
        tokenStart = s;
        tokenEnd = pos;
        skipBlanks();
        if (pos < limit && buf[pos] == delimiter) {
            pos++;
        }
        return tokenEnd > s;
    }

    /** Takes the rest of the current line, trimmed, as the token; the cursor stays on the line end. */
    public void restOfLine() {
        skipBlanks();
        int s = pos;
        while (pos < limit && buf[pos] != '\n') {
            pos++;
        }
        int e = pos;
        while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t' || buf[e - 1] == '\r')) {
            e--;
        }
        tokenStart = s;
        tokenEnd = e;
    }

    /** Takes everything from the cursor to the end of the buffer as the token. */
    public void restOfFile() {
        tokenStart = pos;
        tokenEnd = limit;
        pos = limit;
    }

    public int start() {
        return tokenStart;
    }

    public int end() {
        return tokenEnd;
    }

    public int length() {
        return tokenEnd - tokenStart;
    }

    /** Whether the current token equals the ASCII string {@code s}. */
    public boolean is(String s) {
        int n = tokenEnd - tokenStart;
        if (n != s.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[tokenStart + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the current token starts with the ASCII string {@code s}. */
    public boolean startsWith(String s) {
        int n = s.length();
        if (tokenEnd - tokenStart < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[tokenStart + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Drops the last byte of the current token when it is {@code b} (e.g. the colon of {@code MemTotal:}). */
    public void trimTrailing(byte b) {
        if (tokenEnd > tokenStart && buf[tokenEnd - 1] == b) {
            tokenEnd--;
        }
    }

    /** Narrows the current token to {@code [start, end)}. */
    public void narrow(int start, int end) {
        if (start < tokenStart || end > tokenEnd || start > end) {
            throw new IllegalArgumentException("range outside the token");
        }
        tokenStart = start;
        tokenEnd = end;
    }

    /**
     * The current token as an unsigned decimal integer.
     *
     * @throws NumberFormatException naming the token when it is not one
     */
    public long longValue() {
        return parseLong(buf, tokenStart, tokenEnd);
    }

    /** The next token as an unsigned decimal integer. */
    public long nextLong() {
        if (!token()) {
            throw new NumberFormatException("expected a number at end of line");
        }
        return longValue();
    }

    /**
     * The current token as a decimal number with optional sign, fraction and exponent (the forms
     * /proc prints); exact for the integers and short fractions found there.
     */
    public double doubleValue() {
        return parseDouble(buf, tokenStart, tokenEnd);
    }

    /** The current token decoded as UTF-8. Allocates: use a {@link NameCache} on hot paths. */
    public String text() {
        return new String(buf, tokenStart, tokenEnd - tokenStart, StandardCharsets.UTF_8);
    }

    private void skipBlanks() {
        while (pos < limit && (buf[pos] == ' ' || buf[pos] == '\t' || buf[pos] == '\r')) {
            pos++;
        }
    }

    /** Parses {@code b[from..to)} as an unsigned decimal integer. */
    public static long parseLong(byte[] b, int from, int to) {
        if (from >= to) {
            throw new NumberFormatException("empty number");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new NumberFormatException("not an unsigned integer: \""
                        + new String(b, from, to - from, StandardCharsets.UTF_8) + "\"");
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Parses {@code b[from..to)} as a decimal number ({@code -12.5}, {@code 3e-2}). */
    public static double parseDouble(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean any = false;
        for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
            any = true;
            if (digits < 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
                if (mantissa != 0) {
                    digits++;
                }
            } else {
                scale++;
            }
        }
        if (i < to && b[i] == '.') {
            i++;
            for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
                any = true;
                if (digits < 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                    scale--;
                }
            }
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                negExp = b[i] == '-';
                i++;
            }
            int exp = 0;
            int expDigits = 0;
            for (; i < to && b[i] >= '0' && b[i] <= '9'; i++) {
                exp = Math.min(exp * 10 + (b[i] - '0'), 100_000);
                expDigits++;
            }
            if (expDigits == 0) {
                any = false;
            }
            scale += negExp ? -exp : exp;
        }
        if (!any || i != to) {
            throw new NumberFormatException("not a number: \"" + new String(b, from, to - from, StandardCharsets.UTF_8) + "\"");
        }
        double v = scale == 0 ? mantissa : scaled(mantissa, scale);
        return negative ? -v : v;
    }

    private static double scaled(long mantissa, int scale) {
        // Powers of ten up to 1e22 are exact doubles, so one multiplication or division is
        // correctly rounded; other scales go through the JDK's exact conversion.
        if (scale > 0 && scale <= 22 && mantissa < (1L << 53)) {
            return mantissa * POW10[scale];
        }
        if (scale < 0 && scale >= -22 && mantissa < (1L << 53)) {
            return mantissa / POW10[-scale];
        }
        return Double.parseDouble(mantissa + "e" + scale);
    }

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }
}
