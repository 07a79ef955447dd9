package io.epimetheus.promql.parse;

import io.epimetheus.promql.ast.GoQuote;
import java.util.Locale;

/**
 * Parses numbers the way Prometheus does: first as a Go integer literal ({@code strconv.ParseInt(s,
 * 0, 64)}: decimal, {@code 0x} hex, {@code 0o}/leading-zero octal, {@code 0b} binary, digit
 * separators), then as a Go float ({@code strconv.ParseFloat}), including {@code Inf} and
 * {@code NaN}.
 */
public final class GoNumbers {

    private GoNumbers() {
    }

    /**
     * The value of {@code s}.
     *
     * @throws NumberFormatException with Go's message, e.g. {@code strconv.ParseFloat: parsing "x":
     *     invalid syntax}
     */
    public static double parse(String s) {
        long[] out = new long[1];
        if (parseInt(s, out)) {
            return out[0];
        }
        return parseFloat(s);
    }

    /** Go's {@code ParseInt(s, 0, 64)}; false if invalid or out of range. */
    static boolean parseInt(String s, long[] out) {
        if (s.isEmpty()) {
            return false;
        }
        String body = s;
        boolean neg = false;
        if (body.charAt(0) == '+' || body.charAt(0) == '-') {
            neg = body.charAt(0) == '-';
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return false;
        }
        if (body.indexOf('_') >= 0 && !underscoreOk(body)) {
            return false;
        }
        int base = 10;
        if (body.length() >= 2 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                body = body.substring(2);
            } else {
                base = 8;
                body = body.substring(1);
            }
        }
        String digits = body.replace("_", "");
        if (digits.isEmpty()) {
            return false;
        }
        long limit = neg ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long acc = 0; // accumulated negatively to reach Long.MIN_VALUE
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), base);
            if (d < 0) {
                return false;
            }
            if (acc < (limit + d) / base) {
                return false;
            }
            acc = acc * base - d;
            if (acc < limit) {
                return false;
            }
        }
        out[0] = neg ? acc : -acc;
        return true;
    }

    /** Go's {@code strconv.ParseFloat(s, 64)}. */
    public static double parseFloat(String s) {
        String t = s;
        if (t.indexOf('_') >= 0) {
            if (!underscoreOk(t)) {
                throw syntax(s);
            }
            t = t.replace("_", "");
        }
        String body = t;
        int sign = 1;
        if (!body.isEmpty() && (body.charAt(0) == '+' || body.charAt(0) == '-')) {
            sign = body.charAt(0) == '-' ? -1 : 1;
            body = body.substring(1);
        }
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan") && sign == 1 && t.charAt(0) != '+') {
            return Double.NaN;
        }
        double v;
        if (lower.startsWith("0x")) {
            if (!lower.matches("0x([0-9a-f]+\\.?[0-9a-f]*|\\.[0-9a-f]+)p[+-]?[0-9]+")) {
                throw syntax(s);
            }
            v = Double.parseDouble(body);
        } else {
            if (!lower.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?")) {
                throw syntax(s);
            }
            v = Double.parseDouble(body);
        }
        if (Double.isInfinite(v)) {
            throw new NumberFormatException("strconv.ParseFloat: parsing " + GoQuote.quote(s)
                    + ": value out of range");
        }
        return sign * v;
    }

    /** Go's rule: underscores only between digits, or between a base prefix and a digit. */
    private static boolean underscoreOk(String s) {
        char saw = '^';
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            s = s.substring(1);
        }
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'b' || p == 'o' || p == 'x') {
                i = 2;
                saw = '0';
                hex = p == 'x';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char lc = Character.toLowerCase(c);
            if ((c >= '0' && c <= '9') || (hex && lc >= 'a' && lc <= 'f')) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    private static NumberFormatException syntax(String s) {
        return new NumberFormatException("strconv.ParseFloat: parsing " + GoQuote.quote(s)
                + ": invalid syntax");
    }
}
