package io.epimetheus.pushgateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The request path as the Pushgateway's Go HTTP server sees it: percent-decoded from the raw URI
 * (so {@code %2F} is a slash, as in Go's {@code URL.Path}, and {@code +} stays a plus), and
 * answered with a redirect when it is not clean ({@code //}, {@code .} or {@code ..} segments), the
 * way Go's {@code http.ServeMux} does before any handler runs.
 */
final class RequestPath {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestPath() {
    }

    /**
     * Percent-decodes {@code raw}, a request URI path as sent.
     *
     * @throws PushException (400) for a bad escape or bytes that are not UTF-8
     */
    static String decode(String raw) throws PushException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        byte[] in = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%') {
                int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
                int lo = hi >= 0 ? Character.digit(in[i + 2], 16) : -1;
                if (lo < 0) {
                    throw new PushException(400, "invalid URL escape in request path "
                            + GoBase64.quote(raw.substring(0, Math.min(raw.length(), i + 3)).getBytes(StandardCharsets.UTF_8)));
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        byte[] decoded = bytes.toByteArray();
        String text = GoBase64.utf8(decoded);
        if (text == null) {
            throw new PushException(400, "request path " + GoBase64.quote(decoded) + " is not valid UTF-8");
        }
        return text;
    }

    /**
     * Go's {@code http.ServeMux} path cleaning: repeated slashes collapse, {@code .} and {@code ..}
     * segments resolve, a trailing slash stays.
     */
    static String clean(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String s : path.split("/", -1)) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(s);
            }
        }
        StringBuilder out = new StringBuilder(path.length());
        for (String s : segments) {
            out.append('/').append(s);
        }
        if (out.length() == 0) {
            return "/";
        }
        if (path.endsWith("/")) {
            out.append('/');
        }
        return out.toString();
    }

    /** {@code path} escaped as Go's {@code url.URL} writes a path: all but unreserved characters and {@code $&+,/:;=@}. */
    static String escape(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }
}
