package io.epimetheus.promql.ast;

import io.epimetheus.api.model.Labels;

/**
 * Double-quotes strings the way Go's {@code strconv.Quote} does, which is how Prometheus prints
 * string literals, label names and label values in queries and error messages. The escaping is
 * {@link Labels#appendQuoted}'s; what PromQL adds are the bytes of invalid UTF-8 (carried in Java
 * strings as unpaired surrogates U+DC80..U+DCFF, see the PromQL string unquoting), which print as
 * {@code \xNN} where Labels would print {@code \ufffd}.
 */
public final class GoQuote {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    /** {@code s} quoted with double quotes. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        appendQuoted(sb, s);
        return sb.toString();
    }

    /** Appends {@code s} quoted with double quotes. */
    public static void appendQuoted(StringBuilder sb, String s) {
        int b = nextInvalidByte(s, 0);
        if (b < 0) {
            Labels.appendQuoted(sb, s);
            return;
        }
        sb.append('"');
        int from = 0;
        for (; b >= 0; b = nextInvalidByte(s, from)) {
            appendEscaped(sb, s.substring(from, b));
            int v = s.charAt(b) - 0xDC00;
            sb.append("\\x").append(HEX[v >> 4]).append(HEX[v & 0xf]);
            from = b + 1;
        }
        appendEscaped(sb, s.substring(from));
        sb.append('"');
    }

    /** Appends {@code part} escaped as {@link Labels#appendQuoted} escapes it, without the quotes. */
    private static void appendEscaped(StringBuilder sb, String part) {
        int open = sb.length();
        Labels.appendQuoted(sb, part);
        sb.setLength(sb.length() - 1);
        sb.deleteCharAt(open);
    }

    /** The index of the first invalid UTF-8 byte at or after {@code from}, or -1. */
    private static int nextInvalidByte(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }
}
