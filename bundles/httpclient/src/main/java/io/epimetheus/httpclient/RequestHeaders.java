package io.epimetheus.httpclient;

import java.util.Map;

/**
 * Header lines a caller sends with every request of its kind ({@code Accept}, {@code User-Agent},
 * {@code Content-Type}, ...), formatted once so that a request only copies them. The configured
 * credentials and {@code http_headers} are added by the {@link HttpClient}. Immutable.
 */
public final class RequestHeaders {

    /** No headers. */
    public static final RequestHeaders NONE = new RequestHeaders("");

    private final String block;

    private RequestHeaders(String block) {
        this.block = block;
    }

    /**
     * Headers from alternating names and values.
     *
     * @throws IllegalArgumentException for an odd count, an invalid name or a value with a line break
     */
    public static RequestHeaders of(String... namesAndValues) {
        return NONE.with(namesAndValues);
    }

    /** Headers from a map, in its iteration order. */
    public static RequestHeaders of(Map<String, String> headers) {
        RequestHeaders h = NONE;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            h = h.with(e.getKey(), e.getValue());
        }
        return h;
    }

    /** These headers followed by more, given as alternating names and values. */
    public RequestHeaders with(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("header names and values must alternate");
        }
        StringBuilder sb = new StringBuilder(block);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            appendLine(sb, namesAndValues[i], namesAndValues[i + 1]);
        }
        return new RequestHeaders(sb.toString());
    }

    /** These headers followed by {@code more}. */
    public RequestHeaders with(RequestHeaders more) {
        return more.block.isEmpty() ? this : new RequestHeaders(block + more.block);
    }

    /** The first value of {@code name} (case-insensitive), or {@code null}. */
    public String get(String name) {
        int start = 0;
        while (start < block.length()) {
            int end = block.indexOf("\r\n", start);
            int colon = block.indexOf(':', start);
            if (colon - start == name.length() && block.regionMatches(true, start, name, 0, name.length())) {
                return block.substring(colon + 2, end);
            }
            start = end + 2;
        }
        return null;
    }

    /** The header lines, each ending with CRLF. */
    String block() {
        return block;
    }

    /** Appends {@code name: value} and CRLF, refusing what would split or corrupt the request head. */
    static void appendLine(StringBuilder sb, String name, String value) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                throw new IllegalArgumentException("invalid header name " + quote(name));
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("invalid value for header " + quote(name) + ": line breaks are not allowed");
            }
        }
        sb.append(name).append(": ").append(value).append("\r\n");
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
