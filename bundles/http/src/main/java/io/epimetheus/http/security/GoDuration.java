package io.epimetheus.http.security;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code time.ParseDuration}, which exporter-toolkit's YAML library applies to a string given
 * for a {@code time.Duration} field such as {@code rate_limit.interval}: an optional sign, then one
 * or more decimal numbers (with an optional fraction) each followed by a unit ({@code ns}, {@code
 * us}, {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), as in {@code 1.5s} or {@code
 * 1m30s}; a lone {@code 0} needs no unit. Errors carry Go's wording. This is not Prometheus's
 * {@code model.Duration} ({@code PromDuration}): days and weeks are refused, fractions accepted.
 */
final class GoDuration {

    private static final long NANOSECOND = 1L;
    private static final long MICROSECOND = 1000L * NANOSECOND;
    private static final long MILLISECOND = 1000L * MICROSECOND;
    private static final long SECOND = 1000L * MILLISECOND;
    private static final long MINUTE = 60L * SECOND;
    private static final long HOUR = 60L * MINUTE;

    /** 1<<63 as an unsigned 64-bit value: the largest magnitude a negative duration may have. */
    private static final long TWO_63 = Long.MIN_VALUE;

    private GoDuration() {
    }

    /**
     * The duration in nanoseconds.
     *
     * @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "x"}
     */
    static long parse(String text) {
        String s = text;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        long total = 0; // unsigned
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != '.' && !digit(c)) {
                throw invalid(text);
            }
            // The integer part, refused beyond 1<<63 as Go's leadingInt does.
            int start = i;
            long v = 0; // unsigned
            while (i < n && digit(s.charAt(i))) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_63, 10)) > 0) {
                    throw invalid(text);
                }
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, TWO_63) > 0) {
                    throw invalid(text);
                }
                i++;
            }
            boolean pre = i != start;
            // The fraction: digits past what fits in a long are dropped, as in Go's leadingFraction.
            long frac = 0;
            double scale = 1;
            boolean post = false;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                boolean overflow = false;
                while (i < n && digit(s.charAt(i))) {
                    if (!overflow) {
                        // frac and y are unsigned; y may reach 1<<63 as Go's uint64 arithmetic allows.
                        long y = frac * 10 + (s.charAt(i) - '0');
                        if (Long.compareUnsigned(frac, Long.MAX_VALUE / 10) > 0 || Long.compareUnsigned(y, TWO_63) > 0) {
                            overflow = true;
                        } else {
                            frac = y;
                            scale *= 10;
                        }
                    }
                    i++;
                }
                post = i != fracStart;
            }
            if (!pre && !post) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < n && s.charAt(i) != '.' && !digit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
            }
            String u = s.substring(unitStart, i);
            long unit = unit(u);
            if (unit == 0) {
                throw new IllegalArgumentException("time: unknown unit " + quote(u) + " in duration " + quote(text));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_63, unit)) > 0) {
                throw invalid(text);
            }
            v *= unit;
            if (frac != 0) {
                // Less than one unit, so it fits; float64 arithmetic as Go does it (frac is at most 1<<63).
                double f = frac < 0 ? (double) (frac >>> 1) * 2 : (double) frac;
                v += (long) (f * ((double) unit / scale));
                if (Long.compareUnsigned(v, TWO_63) > 0) {
                    throw invalid(text);
                }
            }
            total += v;
            if (Long.compareUnsigned(total, TWO_63) > 0 || Long.compareUnsigned(total, v) < 0) {
                throw invalid(text);
            }
        }
        if (neg) {
            return -total;
        }
        if (total < 0) {
            throw invalid(text);
        }
        return total;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long unit(String u) {
        return switch (u) {
            case "ns" -> NANOSECOND;
            case "us", "\u00b5s", "\u03bcs" -> MICROSECOND;
            case "ms" -> MILLISECOND;
            case "s" -> SECOND;
            case "m" -> MINUTE;
            case "h" -> HOUR;
            default -> 0;
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration " + quote(text));
    }

    /** Go's time-package quoting: control and non-ASCII bytes as {@code \xNN}, quote and backslash escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 0x80 || c < ' ') {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                if (c == '"' || c == '\\') {
                    b.append('\\');
                }
                b.append((char) c);
            }
        }
        return b.append('"').toString();
    }
}
