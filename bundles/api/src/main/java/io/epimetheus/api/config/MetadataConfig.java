package io.epimetheus.api.config;

import java.time.Duration;

/**
 * {@code metadata_config} of a remote write endpoint.
 *
 * @param send whether metric metadata is sent (true)
 * @param sendInterval how often it is sent (1m)
 * @param maxSamplesPerSend metadata entries per request (2000)
 */
public record MetadataConfig(boolean send, Duration sendInterval, int maxSamplesPerSend) {

    /** Prometheus's defaults. */
    public static final MetadataConfig DEFAULT = new MetadataConfig(true, Duration.ofMinutes(1), 2000);
}
