package io.epimetheus.api.config;

import io.epimetheus.api.model.Labels;

/**
 * Prometheus durations as written in configuration files, API parameters and PromQL: a sequence
 * of {@code <n><unit>} with units {@code y, w, d, h, m, s, ms} in that order, each at most once
 * ({@code 1h30m}, {@code 5m}, {@code 90d}), or {@code 0}. A year is 365 days. Values are
 * milliseconds.
 */
public final class PromDuration {

    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};

    private PromDuration() {
    }

    /**
     * Parses a duration into milliseconds, accepting exactly what Prometheus accepts: as Go's
     * {@code time.Duration} it must stay below 2^63 nanoseconds (about 292 years).
     *
     * @throws IllegalArgumentException with Prometheus's text ({@code not a valid duration string:
     *     "..."}, {@code unknown unit "x" in duration "..."}, {@code empty duration string},
     *     {@code duration out of range})
     */
    public static long parse(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (s.equals("0")) {
            return 0;
        }
        long nanos = 0; // unsigned, as in Go
        int next = 0; // index into UNITS of the first unit still allowed
        int i = 0;
        int n = s.length();
        while (i < n) {
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw invalid(s);
            }
            long value;
            try {
                value = Long.parseUnsignedLong(s, start, i, 10);
            } catch (NumberFormatException e) {
                throw invalid(s);
            }
            int unitStart = i;
            while (i < n && !isDigit(s.charAt(i))) {
                i++;
            }
            if (i == unitStart) {
                throw invalid(s);
            }
            String unit = s.substring(unitStart, i);
            int u = -1;
            for (int k = 0; k < UNITS.length; k++) {
                if (UNITS[k].equals(unit)) {
                    u = k;
                    break;
                }
            }
            if (u < 0) {
                throw new IllegalArgumentException("unknown unit " + quote(unit) + " in duration " + quote(s));
            }
            if (u < next) { // units go from biggest to smallest, each at most once
                throw invalid(s);
            }
            next = u + 1;
            long unitNanos = MILLIS[u] * 1_000_000;
            if (Long.compareUnsigned(value, Long.divideUnsigned(Long.MIN_VALUE, unitNanos)) > 0) {
                throw new IllegalArgumentException("duration out of range");
            }
            nanos += value * unitNanos;
            if (Long.compareUnsigned(nanos, Long.MAX_VALUE) > 0) {
                throw new IllegalArgumentException("duration out of range");
            }
        }
        return nanos / 1_000_000;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Formats milliseconds the way Prometheus prints durations: {@code 0s}, {@code 1h30m},
     * {@code 1w}; years and weeks only when they divide the duration exactly.
     */
    public static String format(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long ms = millis;
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        for (int k = 0; k < UNITS.length; k++) {
            boolean exactOnly = k < 2;
            if (exactOnly && ms % MILLIS[k] != 0) {
                continue;
            }
            long v = ms / MILLIS[k];
            if (v > 0) {
                sb.append(v).append(UNITS[k]);
                ms -= v * MILLIS[k];
            }
        }
        return sb.toString();
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("not a valid duration string: " + quote(s));
    }

    /** Go's {@code %q}. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        Labels.appendQuoted(sb, s);
        return sb.toString();
    }
}
