package io.epimetheus.api.storage;

import io.epimetheus.api.model.Matcher;
import java.util.List;

/**
 * Administration and status of the local time-series database, for the HTTP API ({@code
 * /api/v1/status/tsdb}, {@code /api/v1/status/walreplay}, {@code /api/v1/admin/tsdb/*}) and the
 * shell ({@code epi:tsdb-status}, {@code epi:tsdb-snapshot}, {@code epi:tsdb-compact}). Registered
 * by the bundle that provides the local {@link Storage}, next to it.
 *
 * <p>Threading: all methods are thread-safe. Operations that write (snapshot, compaction,
 * deletion) are serialised with the database's own compactions and may take long; they throw
 * {@link StorageException} when they fail or the storage is closed.
 */
public interface StorageAdmin {

    /**
     * Head statistics and the top {@code limit} entries of each cardinality list, as {@code
     * /api/v1/status/tsdb?limit=N} reports them (Prometheus's default limit is 10).
     */
    TsdbStatus status(int limit);

    /** The persisted blocks, oldest first. */
    List<BlockInfo> blocks();

    /**
     * Takes a snapshot in {@code <data dir>/snapshots/<name>}: hard links to every block and,
     * unless {@code skipHead}, the head's data written as one more block. Returns the name, as
     * {@code POST /api/v1/admin/tsdb/snapshot} does ({@code 20060102T150405Z-<random hex>}).
     */
    String snapshot(boolean skipHead);

    /** Runs a compaction cycle now: head into blocks, blocks into larger ones, retention. */
    void compact();

    /**
     * Deletes the samples in {@code [mintMillis, maxtMillis]} of the series selected by {@code
     * matchers} (one selector; call once per selector of a {@code match[]} list). The data is
     * hidden at once and removed from disk by compaction or {@link #cleanTombstones()}.
     */
    void deleteSeries(long mintMillis, long maxtMillis, Matcher... matchers);

    /** Rewrites every block that has deletions, dropping the deleted data from disk. */
    void cleanTombstones();

    /** Progress and outcome of the write-ahead log replay done when the storage opened. */
    WalReplayStatus walReplay();

    /** Where the data lives and the retention in force, for {@code /api/v1/status/runtimeinfo}. */
    StorageInfo info();

    /**
     * {@code /api/v1/status/tsdb}.
     *
     * @param headStats the head's statistics
     * @param seriesCountByMetricName metric names with the most series
     * @param labelValueCountByLabelName label names with the most distinct values
     * @param memoryInBytesByLabelName label names whose values take the most bytes (value length
     *     times series count, summed)
     * @param seriesCountByLabelValuePair label pairs with the most series
     */
    record TsdbStatus(HeadStats headStats, List<Stat> seriesCountByMetricName, List<Stat> labelValueCountByLabelName,
            List<Stat> memoryInBytesByLabelName, List<Stat> seriesCountByLabelValuePair) {
        public TsdbStatus {
            seriesCountByMetricName = List.copyOf(seriesCountByMetricName);
            labelValueCountByLabelName = List.copyOf(labelValueCountByLabelName);
            memoryInBytesByLabelName = List.copyOf(memoryInBytesByLabelName);
            seriesCountByLabelValuePair = List.copyOf(seriesCountByLabelValuePair);
        }
    }

    /**
     * The head block's statistics.
     *
     * @param numSeries series in the head
     * @param numLabelPairs distinct label name/value pairs in the head
     * @param chunkCount chunks held by the head
     * @param minTime oldest sample time, ms ({@code Long.MAX_VALUE} when empty, as Prometheus reports)
     * @param maxTime newest sample time, ms ({@code Long.MIN_VALUE} when empty)
     */
    record HeadStats(long numSeries, long numLabelPairs, long chunkCount, long minTime, long maxTime) {
    }

    /** One cardinality entry: a name (or {@code name=value} pair) and its count. */
    record Stat(String name, long value) {
    }

    /**
     * A persisted block, as {@code promtool tsdb list} shows it.
     *
     * @param ulid the block's directory name
     * @param minTime first millisecond covered
     * @param maxTime end of the range, exclusive
     * @param level compaction level (1 for blocks cut from the head)
     * @param sizeBytes bytes on disk
     */
    record BlockInfo(String ulid, long minTime, long maxTime, long numSamples, long numSeries, long numChunks,
            long numTombstones, int level, long sizeBytes) {
    }

    /**
     * {@code /api/v1/status/walreplay} ({@code min}, {@code max}, {@code current} segment) plus
     * what the replay found.
     *
     * @param done whether replay has finished (it has whenever the storage is registered)
     * @param samples samples replayed
     * @param series series replayed
     * @param durationMillis how long replay took
     * @param corruption what was damaged and repaired, or {@code null}
     * @param bytesDropped bytes cut from the log by that repair
     */
    record WalReplayStatus(int min, int max, int current, boolean done, long series, long samples,
            long durationMillis, String corruption, long bytesDropped) {
    }

    /**
     * @param dataDirectory absolute path of the data directory
     * @param retention the retention as Prometheus's runtime info prints it ({@code 15d}, {@code 512MiB}, {@code
     *     15d or 512MiB})
     * @param retentionMillis time retention (0: none)
     * @param retentionBytes size retention (0: none)
     */
    record StorageInfo(String dataDirectory, String retention, long retentionMillis, long retentionBytes) {
    }
}
