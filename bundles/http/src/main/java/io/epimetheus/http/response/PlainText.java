package io.epimetheus.http.response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletResponse;

/**
 * Writes a short plain-text answer (health and lifecycle messages, routing and authentication
 * errors) the way Prometheus's handlers write theirs: status, {@code text/plain; charset=utf-8},
 * the body in UTF-8 with its length.
 */
public final class PlainText {

    private PlainText() {
    }

    public static void write(HttpServletResponse resp, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
