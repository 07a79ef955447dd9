package io.epimetheus.api.config;

import java.time.Duration;

/**
 * The {@code storage} section ({@code storage.tsdb} and {@code storage.exemplars}). Values left
 * at zero or "" mean "use the storage component's own setting".
 *
 * @param outOfOrderTimeWindow how far back out-of-order samples are accepted
 * @param staleSeriesCompactionThreshold share of stale head series (0..1) that triggers compaction
 * @param chunkEncodingFloats {@code xor}, {@code xor2} or ""
 * @param retentionTime how long samples are kept
 * @param retentionSize the maximum bytes of blocks
 * @param retentionPercentage the maximum share of the disk, 0..100
 * @param maxExemplars the exemplar buffer size (100000)
 */
public record StorageConfig(Duration outOfOrderTimeWindow, double staleSeriesCompactionThreshold,
        String chunkEncodingFloats, Duration retentionTime, long retentionSize, double retentionPercentage,
        long maxExemplars) {

    /** Nothing configured. */
    public static final StorageConfig DEFAULT =
            new StorageConfig(Duration.ZERO, 0, "", Duration.ZERO, 0, 0, 100_000);
}
