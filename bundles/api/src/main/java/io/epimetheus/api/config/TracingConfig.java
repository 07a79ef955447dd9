package io.epimetheus.api.config;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code tracing} section (OpenTelemetry export of Epimetheus's own traces).
 *
 * @param clientType {@code grpc} or {@code http}
 * @param endpoint the collector endpoint
 * @param samplingFraction the share of traces sampled
 * @param insecure whether to connect without TLS
 * @param tls TLS settings
 * @param headers extra request headers
 * @param compression {@code gzip} or ""
 * @param timeout the export timeout, 0 for the exporter's default
 */
public record TracingConfig(String clientType, String endpoint, double samplingFraction, boolean insecure,
        TlsConfig tls, Map<String, String> headers, String compression, Duration timeout) {

    public TracingConfig {
        headers = Map.copyOf(headers);
    }
}
