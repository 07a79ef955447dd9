package io.epimetheus.tsdb.head;

import java.util.concurrent.atomic.LongAdder;

/** Counters the head keeps for self-metrics, named after Prometheus's. */
public final class HeadStats {
    /** prometheus_tsdb_head_samples_appended_total{type="float"} */
    public final LongAdder samplesAppended = new LongAdder();
    /** prometheus_tsdb_head_out_of_order_samples_appended_total{type="float"} */
    public final LongAdder oooAppended = new LongAdder();
    /** prometheus_tsdb_out_of_order_samples_total{type="float"} */
    public final LongAdder outOfOrder = new LongAdder();
    /** prometheus_tsdb_out_of_bound_samples_total{type="float"} */
    public final LongAdder outOfBounds = new LongAdder();
    /** prometheus_tsdb_too_old_samples_total{type="float"} */
    public final LongAdder tooOld = new LongAdder();
    /** prometheus_tsdb_head_series_created_total */
    public final LongAdder seriesCreated = new LongAdder();
    /** prometheus_tsdb_head_series_removed_total */
    public final LongAdder seriesRemoved = new LongAdder();
    /** prometheus_tsdb_head_chunks_created_total */
    public final LongAdder chunksCreated = new LongAdder();
    /** prometheus_tsdb_head_chunks_removed_total */
    public final LongAdder chunksRemoved = new LongAdder();
    /** prometheus_tsdb_head_truncations_total */
    public final LongAdder truncations = new LongAdder();
    /** prometheus_tsdb_head_gc_duration_seconds (sum, ms) */
    public final LongAdder gcMillis = new LongAdder();
    /** prometheus_tsdb_wal_writes_failed_total */
    public final LongAdder walWritesFailed = new LongAdder();
}
