package io.epimetheus.tsdb;

import java.nio.file.Path;

/**
 * Settings of one database, with Prometheus's defaults.
 *
 * @param dir the data directory
 * @param retentionMillis drop blocks whose data is entirely older than this (0: no time limit)
 * @param retentionBytes keep the total size of blocks, WAL and head chunks under this (0: off)
 * @param minBlockDuration the range of blocks cut from the head, also the head chunk range
 * @param maxBlockDuration the largest range compaction produces
 * @param walCompression Snappy-compress WAL records
 * @param walSegmentSize the size at which WAL segments are cut
 * @param walSyncEveryCommit fsync the WAL on every commit (else only when segments close)
 * @param outOfOrderWindow how far behind a series' newest sample a sample may still be accepted
 * @param walHoldMaxMillis how long a WAL follower's hold keeps a segment after it was last written
 *     (bounded further by the retention time)
 */
public record TsdbOptions(Path dir, long retentionMillis, long retentionBytes, long minBlockDuration,
        long maxBlockDuration, boolean walCompression, long walSegmentSize, boolean walSyncEveryCommit,
        long outOfOrderWindow, long walHoldMaxMillis) {

    public static final long DEFAULT_RETENTION = 15L * 24 * 3600 * 1000;
    public static final long DEFAULT_BLOCK = 2L * 3600 * 1000;
    /** Prometheus's agent keeps WAL data for lagging remote writes at most this long (retention.max-time). */
    public static final long DEFAULT_WAL_HOLD_MAX = 4L * 3600 * 1000;

    public TsdbOptions {
        if (minBlockDuration <= 0) {
            throw new IllegalArgumentException("min block duration must be positive, got " + minBlockDuration + "ms");
        }
        if (maxBlockDuration < minBlockDuration) {
            maxBlockDuration = minBlockDuration;
        }
        if (retentionMillis < 0 || retentionBytes < 0 || outOfOrderWindow < 0 || walHoldMaxMillis < 0) {
            throw new IllegalArgumentException("retention, out-of-order window and WAL hold must not be negative");
        }
    }

    /** Options with the default bound on WAL holds. */
    public TsdbOptions(Path dir, long retentionMillis, long retentionBytes, long minBlockDuration,
            long maxBlockDuration, boolean walCompression, long walSegmentSize, boolean walSyncEveryCommit,
            long outOfOrderWindow) {
        this(dir, retentionMillis, retentionBytes, minBlockDuration, maxBlockDuration, walCompression, walSegmentSize,
                walSyncEveryCommit, outOfOrderWindow, DEFAULT_WAL_HOLD_MAX);
    }

    /** Prometheus's defaults for a directory. */
    public static TsdbOptions defaults(Path dir) {
        return new TsdbOptions(dir, DEFAULT_RETENTION, 0, DEFAULT_BLOCK, maxBlockFor(DEFAULT_RETENTION, DEFAULT_BLOCK),
                true, 128L * 1024 * 1024, false, 0, DEFAULT_WAL_HOLD_MAX);
    }

    /** Prometheus's rule: blocks grow to 10% of the retention time, at most 31 days. */
    public static long maxBlockFor(long retention, long minBlock) {
        long max = retention == 0 ? 31L * 24 * 3600 * 1000 : Math.min(retention / 10, 31L * 24 * 3600 * 1000);
        return Math.max(max, minBlock);
    }

    /** How long a WAL hold keeps a segment: the configured bound, never beyond the retention time. */
    public long effectiveWalHoldMillis() {
        return retentionMillis > 0 ? Math.min(walHoldMaxMillis, retentionMillis) : walHoldMaxMillis;
    }

    public TsdbOptions withDir(Path d) {
        return new TsdbOptions(d, retentionMillis, retentionBytes, minBlockDuration, maxBlockDuration, walCompression,
                walSegmentSize, walSyncEveryCommit, outOfOrderWindow, walHoldMaxMillis);
    }
}
