package io.epimetheus.http.api;

import io.epimetheus.api.config.PromDuration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import javax.servlet.http.HttpServletRequest;

/**
 * The parameter syntax of the Prometheus API: times as Unix seconds (with up to millisecond
 * precision) or RFC 3339, durations as seconds or Prometheus durations, limits as non-negative
 * integers; errors worded as Prometheus words them. Form values come from the query string and,
 * for {@code POST}, from an {@code application/x-www-form-urlencoded} body.
 */
final class Params {

    /** Prometheus's default start of optional time ranges ({@code v1.MinTime}), in ms. */
    static final long MIN_TIME = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
    /** Prometheus's default end of optional time ranges ({@code v1.MaxTime}), in ms. */
    static final long MAX_TIME = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;

    // The RFC 3339 spellings of MinTime and MaxTime, which Go clients send for open ranges.
    private static final String MIN_TIME_TEXT = "-292273086-05-16T16:47:06Z";
    private static final String MAX_TIME_TEXT = "292277025-08-18T07:12:54.999999999Z";

    private final HttpServletRequest req;

    Params(HttpServletRequest req) {
        this.req = req;
    }

    /** The first value of a form parameter, or "" (Go's {@code FormValue}). */
    String get(String name) {
        String v = req.getParameter(name);
        return v == null ? "" : v;
    }

    /** Every value of a form parameter ({@code match[]}). */
    List<String> all(String name) {
        String[] v = req.getParameterValues(name);
        return v == null ? List.of() : List.of(v);
    }

    /** A time parameter that defaults when absent ({@code parseTimeParam}). */
    long time(String name, long defaultMillis) throws ApiException {
        String v = get(name);
        if (v.isEmpty()) {
            return defaultMillis;
        }
        try {
            return parseTime(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam(name, "invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    /** A required time parameter ({@code parseTime}, as {@code query_range} uses it). */
    long requiredTime(String name) throws ApiException {
        try {
            return parseTime(get(name));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam(name, e.getMessage());
        }
    }

    /** A duration parameter in nanoseconds. */
    long durationNanos(String name) throws ApiException {
        try {
            return parseDurationNanos(get(name));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam(name, e.getMessage());
        }
    }

    /** The {@code limit} parameter: 0 (no limit) when absent. */
    int limit() throws ApiException {
        String v = get("limit");
        if (v.isEmpty()) {
            return 0;
        }
        int limit;
        try {
            limit = atoi(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParam("limit", e.getMessage());
        }
        if (limit < 0) {
            throw ApiException.invalidParam("limit", "limit must be non-negative");
        }
        return limit;
    }

    /** An optional integer parameter, -1 when absent; {@code <name> must be a number} otherwise. */
    int optionalNumber(String name) throws ApiException {
        String v = get(name);
        if (v.isEmpty()) {
            return -1;
        }
        try {
            return atoi(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badData(name + " must be a number");
        }
    }

    /** Go's {@code strconv.Atoi}, with its error text. */
    static int atoi(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            boolean syntax = s.isEmpty();
            for (int i = 0; i < s.length() && !syntax; i++) {
                char c = s.charAt(i);
                syntax = !(c >= '0' && c <= '9' || i == 0 && (c == '-' || c == '+') && s.length() > 1);
            }
            throw new IllegalArgumentException("strconv.Atoi: parsing " + GoQuote.quote(s) + ": "
                    + (syntax ? "invalid syntax" : "value out of range"));
        }
    }

    /** Parses Unix seconds or RFC 3339 into milliseconds. */
    static long parseTime(String s) {
        if (isGoFloat(s)) {
            double t = Double.parseDouble(s);
            if (!Double.isNaN(t) && !Double.isInfinite(t)) {
                double seconds = t < 0 ? Math.ceil(t) : Math.floor(t);
                double frac = t - seconds;
                long millis = frac >= 0 ? (long) Math.floor(frac * 1000 + 0.5) : -(long) Math.floor(-frac * 1000 + 0.5);
                return (long) seconds * 1000 + millis;
            }
        }
        try {
            OffsetDateTime odt = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return odt.toEpochSecond() * 1000 + odt.getNano() / 1_000_000;
        } catch (DateTimeParseException e) {
            // fall through to Prometheus's boundary spellings and the error
        }
        if (s.equals(MIN_TIME_TEXT)) {
            return MIN_TIME;
        }
        if (s.equals(MAX_TIME_TEXT)) {
            return MAX_TIME;
        }
        throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid timestamp");
    }

    /** Parses seconds (float) or a Prometheus duration into nanoseconds. */
    static long parseDurationNanos(String s) {
        if (isGoFloat(s)) {
            double d = Double.parseDouble(s);
            double ns = d * 1e9;
            if (ns > Long.MAX_VALUE || ns < Long.MIN_VALUE) {
                throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s)
                        + " to a valid duration. It overflows int64");
            }
            if (!Double.isNaN(ns)) {
                return (long) ns;
            }
        }
        try {
            long ms = PromDuration.parse(s);
            if (ms > Long.MAX_VALUE / 1_000_000) {
                throw new IllegalArgumentException("duration out of range");
            }
            return ms * 1_000_000;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid duration");
        }
    }

    /**
     * Whether {@code s} is a decimal float as Go's {@code strconv.ParseFloat} reads it (sign, digits,
     * point, exponent, underscores excluded), so Java's extra forms ({@code 1d}, {@code 0x1p3},
     * surrounding blanks) are not accepted.
     */
    static boolean isGoFloat(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        String rest = s.substring(i).toLowerCase(java.util.Locale.ROOT);
        if (rest.equals("inf") || rest.equals("infinity") || rest.equals("nan") && i == 0) {
            return true;
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }
}
