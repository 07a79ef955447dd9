package io.epimetheus.tsdb;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.tsdb.head.Head;
import io.epimetheus.tsdb.head.HeadStats;

/** The database's self-metrics, under the names Prometheus's TSDB uses. */
public final class TsdbMetrics implements Collector {

    private static final Labels FLOAT = Labels.of("type", "float");

    private final Db db;

    public TsdbMetrics(Db db) {
        this.db = db;
    }

    private static void gauge(MetricSink s, String name, String help, double v) {
        s.family(name, MetricType.GAUGE, help, "");
        s.sample(name, Labels.EMPTY, v);
    }

    private static void counter(MetricSink s, String name, String help, double v) {
        s.family(name, MetricType.COUNTER, help, "");
        s.sample(name + "_total", Labels.EMPTY, v);
    }

    private static void counter(MetricSink s, String name, String help, Labels l, double v) {
        s.family(name, MetricType.COUNTER, help, "");
        s.sample(name + "_total", l, v);
    }

    @Override
    public void collect(MetricSink s) {
        Head h = db.head();
        HeadStats hs = h.stats();
        Db.DbStats ds = db.stats;
        gauge(s, "prometheus_tsdb_head_series", "Total number of series in the head block.", h.numSeries());
        counter(s, "prometheus_tsdb_head_series_created", "Total number of series created in the head",
                hs.seriesCreated.sum());
        counter(s, "prometheus_tsdb_head_series_removed", "Total number of series removed in the head",
                hs.seriesRemoved.sum());
        counter(s, "prometheus_tsdb_head_samples_appended", "Total number of appended samples.", FLOAT,
                hs.samplesAppended.sum());
        counter(s, "prometheus_tsdb_out_of_order_samples", "Total number of out of order samples ingestion failed attempts due to out of order being disabled.",
                FLOAT, hs.outOfOrder.sum());
        counter(s, "prometheus_tsdb_out_of_bound_samples", "Total number of out of bound samples ingestion failed attempts with out of order support disabled.",
                FLOAT, hs.outOfBounds.sum());
        counter(s, "prometheus_tsdb_too_old_samples", "Total number of out of order samples ingestion failed attempts with out of support enabled, but sample outside of time window.",
                FLOAT, hs.tooOld.sum());
        counter(s, "prometheus_tsdb_head_out_of_order_samples_appended", "Total number of appended out of order samples.",
                FLOAT, hs.oooAppended.sum());
        gauge(s, "prometheus_tsdb_head_chunks", "Total number of chunks in the head block.", h.numChunks());
        counter(s, "prometheus_tsdb_head_chunks_created", "Total number of chunks created in the head",
                hs.chunksCreated.sum());
        counter(s, "prometheus_tsdb_head_chunks_removed", "Total number of chunks removed in the head",
                hs.chunksRemoved.sum());
        long min = h.isEmpty() ? Long.MAX_VALUE : h.minTime();
        long max = h.isEmpty() ? Long.MIN_VALUE : h.maxTime();
        gauge(s, "prometheus_tsdb_head_min_time", "Minimum time bound of the head block.", min);
        gauge(s, "prometheus_tsdb_head_max_time", "Maximum timestamp of the head block.", max);
        gauge(s, "prometheus_tsdb_head_min_time_seconds", "Minimum time bound of the head block.", min / 1000.0);
        gauge(s, "prometheus_tsdb_head_max_time_seconds", "Maximum timestamp of the head block.", max / 1000.0);
        counter(s, "prometheus_tsdb_head_truncations", "Total number of head truncations attempted.",
                hs.truncations.sum());
        s.family("prometheus_tsdb_head_gc_duration_seconds", MetricType.SUMMARY, "Runtime of garbage collection in the head block.", "");
        s.sample("prometheus_tsdb_head_gc_duration_seconds_sum", Labels.EMPTY, hs.gcMillis.sum() / 1000.0);
        s.sample("prometheus_tsdb_head_gc_duration_seconds_count", Labels.EMPTY, hs.truncations.sum());
        gauge(s, "prometheus_tsdb_blocks_loaded", "Number of currently loaded data blocks", db.blocks().size());
        gauge(s, "prometheus_tsdb_storage_blocks_bytes", "The number of bytes that are currently used for local storage by all blocks.",
                db.blocksBytes());
        long lowest = db.minTime();
        gauge(s, "prometheus_tsdb_lowest_timestamp", "Lowest timestamp value stored in the database. The unit is decided by the library consumer.",
                lowest);
        gauge(s, "prometheus_tsdb_lowest_timestamp_seconds", "Lowest timestamp value stored in the database.",
                lowest / 1000.0);
        counter(s, "prometheus_tsdb_compactions", "Total number of compactions that were executed for the partition.",
                ds.compactions.sum());
        counter(s, "prometheus_tsdb_compactions_failed", "Total number of compactions that failed for the partition.",
                ds.compactionsFailed.sum());
        s.family("prometheus_tsdb_compaction_duration_seconds", MetricType.SUMMARY, "Duration of compaction runs", "");
        s.sample("prometheus_tsdb_compaction_duration_seconds_sum", Labels.EMPTY, ds.compactionMillis.sum() / 1000.0);
        s.sample("prometheus_tsdb_compaction_duration_seconds_count", Labels.EMPTY, ds.compactions.sum());
        counter(s, "prometheus_tsdb_reloads", "Number of times the database reloaded block data from disk.",
                ds.reloads.sum());
        counter(s, "prometheus_tsdb_time_retentions", "The number of times that blocks were deleted because the maximum time limit was exceeded.",
                ds.timeRetentions.sum());
        counter(s, "prometheus_tsdb_size_retentions", "The number of times that blocks were deleted because the maximum number of bytes was exceeded.",
                ds.sizeRetentions.sum());
        gauge(s, "prometheus_tsdb_retention_limit_bytes", "Max number of bytes to be retained in the tsdb blocks, configured 0 means disabled",
                db.options().retentionBytes());
        gauge(s, "prometheus_tsdb_retention_limit_seconds", "How long to retain samples in storage.",
                db.options().retentionMillis() / 1000.0);
        counter(s, "prometheus_tsdb_wal_corruptions", "Total number of WAL corruptions.", ds.walCorruptions.sum());
        counter(s, "prometheus_tsdb_wal_writes_failed", "Total number of WAL writes that failed.",
                hs.walWritesFailed.sum());
        counter(s, "prometheus_tsdb_wal_truncations", "Total number of WAL truncations attempted.",
                ds.walTruncations.sum());
        counter(s, "prometheus_tsdb_checkpoint_creations", "Total number of checkpoint creations attempted.",
                ds.checkpoints.sum());
        counter(s, "prometheus_tsdb_checkpoint_creations_failed", "Total number of checkpoint creations that failed.",
                ds.checkpointsFailed.sum());
        gauge(s, "prometheus_tsdb_wal_segment_current", "Write log segment index that TSDB is currently writing to.",
                db.currentWalSegment());
        gauge(s, "prometheus_tsdb_wal_storage_size_bytes", "Size of the write log directory.", db.walBytes());
        gauge(s, "prometheus_tsdb_head_chunks_storage_size_bytes", "Size of the chunks_head directory.",
                db.headChunksBytes());
        gauge(s, "prometheus_tsdb_data_replay_duration_seconds", "Time taken to replay the data on disk.",
                db.replayStatus().durationMillis() / 1000.0);
    }
}
