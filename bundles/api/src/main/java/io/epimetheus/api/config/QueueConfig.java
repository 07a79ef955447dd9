package io.epimetheus.api.config;

import java.time.Duration;

/**
 * {@code queue_config} of a remote write endpoint.
 *
 * @param capacity samples buffered per shard (10000)
 * @param maxShards maximum concurrency (50)
 * @param minShards minimum concurrency (1)
 * @param maxSamplesPerSend samples per request (2000)
 * @param batchSendDeadline longest wait before sending a partial batch (5s)
 * @param minBackoff initial retry backoff (30ms)
 * @param maxBackoff maximum retry backoff (5s)
 * @param retryOnHttp429 whether to retry on HTTP 429
 * @param sampleAgeLimit samples older than this are dropped, 0 for no limit
 */
public record QueueConfig(int capacity, int maxShards, int minShards, int maxSamplesPerSend,
        Duration batchSendDeadline, Duration minBackoff, Duration maxBackoff, boolean retryOnHttp429,
        Duration sampleAgeLimit) {

    /** Prometheus's defaults. */
    public static final QueueConfig DEFAULT = new QueueConfig(10000, 50, 1, 2000, Duration.ofSeconds(5),
            Duration.ofMillis(30), Duration.ofSeconds(5), false, Duration.ZERO);
}
