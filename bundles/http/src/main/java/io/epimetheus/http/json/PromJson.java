package io.epimetheus.http.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Writes the value encodings of the Prometheus API: timestamps as seconds with up to three
 * decimals ({@code 1435781451.781}), sample values as strings in Go's shortest form ({@code "1"},
 * {@code "NaN"}, {@code "+Inf"}, {@code "1e-07"}), label sets as objects in label order, and
 * times as RFC 3339 with nanoseconds the way Go prints {@code time.Time}.
 *
 * <p>One instance serves one response: it reuses its buffers across the samples of a result, so a
 * large matrix is written without a per-sample string or array.
 */
public final class PromJson {

    private static final DateTimeFormatter GO_RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    private final StringBuilder text = new StringBuilder(32);
    private char[] chars = new char[32];

    /** Writes a timestamp in milliseconds as the API's seconds number. */
    public void timestamp(JsonGenerator g, long millis) throws IOException {
        int n = 0;
        long t = millis;
        if (t < 0) {
            chars[n++] = '-';
            t = -t;
        }
        n = appendLong(t / 1000, n);
        int fraction = (int) (t % 1000);
        if (fraction != 0) {
            chars[n++] = '.';
            chars[n++] = (char) ('0' + fraction / 100);
            int rest = fraction % 100;
            if (rest != 0) {
                chars[n++] = (char) ('0' + rest / 10);
                if (rest % 10 != 0) {
                    chars[n++] = (char) ('0' + rest % 10);
                }
            }
        }
        g.writeRawValue(chars, 0, n);
    }

    private int appendLong(long v, int start) {
        if (v == 0) {
            chars[start] = '0';
            return start + 1;
        }
        int digits = 0;
        for (long x = v; x > 0; x /= 10) {
            digits++;
        }
        int end = start + digits;
        for (int i = end - 1; i >= start; i--) {
            chars[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    /**
     * Writes a sample value as a string: Go's {@code 'f'} format, or {@code 'e'} below 1e-6 and from
     * 1e21 up (where Go's shortest {@code 'e'} and {@code 'g'} forms agree).
     */
    public void value(JsonGenerator g, double v) throws IOException {
        text.setLength(0);
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21) && !Double.isInfinite(v)) {
            FloatFormat.appendG(text, v);
        } else {
            FloatFormat.appendF(text, v);
        }
        int n = text.length();
        if (chars.length < n) {
            chars = new char[n * 2];
        }
        text.getChars(0, n, chars, 0);
        g.writeString(chars, 0, n);
    }

    /**
     * Writes a float JSON number as Go's encoding/json does: shortest digits, plain between 1e-6 and
     * 1e21, else exponent form without a leading zero in the exponent ({@code 1e-7}).
     */
    public static void numberField(JsonGenerator g, String name, double v) throws IOException {
        g.writeFieldName(name);
        StringBuilder sb = new StringBuilder(24);
        double abs = Math.abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            FloatFormat.appendG(sb, v);
            int e = sb.indexOf("e");
            if (e >= 0 && e + 2 < sb.length() && sb.charAt(e + 2) == '0' && sb.length() - e == 4) {
                sb.deleteCharAt(e + 2);
            }
        } else {
            FloatFormat.appendF(sb, v);
        }
        g.writeNumber(sb.toString());
    }

    /** Writes {@code [timestamp, "value"]}. */
    public void point(JsonGenerator g, long t, double v) throws IOException {
        g.writeStartArray();
        timestamp(g, t);
        value(g, v);
        g.writeEndArray();
    }

    /** Writes a label set as an object, in label order. */
    public static void labels(JsonGenerator g, Labels labels) throws IOException {
        g.writeStartObject();
        for (int i = 0, n = labels.size(); i < n; i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
        g.writeEndObject();
    }

    /** Go's {@code time.Time} JSON form: RFC 3339 with trailing-zero-free nanoseconds, in UTC. */
    public static String time(Instant instant) {
        return GO_RFC3339_NANO.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** The zero {@code time.Time} as Go prints it, used where Prometheus reports "never". */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /** {@link #time}, or {@link #ZERO_TIME} for {@code null}. */
    public static String timeOrZero(Instant instant) {
        return instant == null ? ZERO_TIME : time(instant);
    }

    /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}, used for alert values. */
    public static String formatE(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return FloatFormat.formatG(v);
        }
        String g = FloatFormat.formatG(v);
        if (g.indexOf('e') >= 0) {
            return g;
        }
        // Re-express the plain shortest digits in exponent form.
        boolean negative = g.startsWith("-");
        String s = negative ? g.substring(1) : g;
        int point = s.indexOf('.');
        String intPart = point < 0 ? s : s.substring(0, point);
        String fracPart = point < 0 ? "" : s.substring(point + 1);
        String digits = intPart + fracPart;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        int exp = intPart.length() - 1 - lead;
        String significant = digits.substring(lead);
        int end = significant.length();
        while (end > 1 && significant.charAt(end - 1) == '0') {
            end--;
        }
        significant = significant.substring(0, end);
        if (significant.equals("0")) {
            exp = 0;
        }
        StringBuilder sb = new StringBuilder(24);
        if (negative) {
            sb.append('-');
        }
        sb.append(significant.charAt(0));
        if (significant.length() > 1) {
            sb.append('.').append(significant, 1, significant.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (e < 10) {
            sb.append('0');
        }
        sb.append(e);
        return sb.toString();
    }
}
