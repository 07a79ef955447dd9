package io.epimetheus.http.api;

import java.util.regex.Pattern;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Prometheus's CORS handling of API answers ({@code --web.cors.origin}). */
final class Cors {

    private Cors() {
    }

    /**
     * Adds {@code Vary: Origin}, and for a request with an {@code Origin} the allowed headers,
     * methods and exposed headers, plus {@code Access-Control-Allow-Origin}: {@code *} when any
     * origin is allowed ({@code origin == null}), the origin itself when it matches.
     */
    static void apply(Pattern origin, HttpServletRequest req, HttpServletResponse resp) {
        resp.addHeader("Vary", "Origin");
        String o = req.getHeader("Origin");
        if (o == null || o.isEmpty()) {
            return;
        }
        resp.setHeader("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin");
        resp.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        resp.setHeader("Access-Control-Expose-Headers", "Date");
        if (origin == null) {
            resp.setHeader("Access-Control-Allow-Origin", "*");
        } else if (origin.matcher(o).find()) {
            resp.setHeader("Access-Control-Allow-Origin", o);
        }
    }
}
