package io.epimetheus.http.security;

import java.util.Map;

/**
 * A loaded and validated {@code web.config.yml} (exporter-toolkit format).
 *
 * @param file the file it was read from
 * @param tls the TLS settings, or {@code null} when TLS is not configured
 * @param users basic auth users and their bcrypt hashes; empty when authentication is off
 * @param headers HTTP headers added to every answer ({@code http_server_config.headers})
 * @param rateLimit {@code rate_limit}, or {@code null} when requests are not limited
 */
public record WebConfig(String file, TlsServerConfig tls, Map<String, String> users, Map<String, String> headers,
        RateLimit rateLimit) {

    /** No web configuration: plain HTTP, no authentication, no extra headers, no rate limit. */
    public static final WebConfig NONE = new WebConfig("", null, Map.of(), Map.of(), null);

    /**
     * {@code rate_limit} with a positive interval (exporter-toolkit limits nothing when the
     * interval is 0 or negative).
     *
     * @param burst the bucket's size: how many requests may come at once
     * @param intervalNanos the time in which one more request is allowed, in nanoseconds
     */
    public record RateLimit(long burst, long intervalNanos) {
    }

    public WebConfig {
        users = Map.copyOf(users);
        headers = Map.copyOf(headers);
    }
}
