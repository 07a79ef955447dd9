package io.epimetheus.http.security;

import java.util.Map;

/**
 * A loaded and validated {@code web.config.yml} (exporter-toolkit format).
 *
 * @param file the file it was read from
 * @param tls the TLS settings, or {@code null} when TLS is not configured
 * @param users basic auth users and their bcrypt hashes; empty when authentication is off
 * @param headers HTTP headers added to every answer ({@code http_server_config.headers})
 */
public record WebConfig(String file, TlsServerConfig tls, Map<String, String> users, Map<String, String> headers) {

    /** No web configuration: plain HTTP, no authentication, no extra headers. */
    public static final WebConfig NONE = new WebConfig("", null, Map.of(), Map.of());

    public WebConfig {
        users = Map.copyOf(users);
        headers = Map.copyOf(headers);
    }
}
