package io.epimetheus.tsdb.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of {@code etc/io.epimetheus.tsdb.cfg}, mirroring Prometheus's storage flags. */
@ObjectClassDefinition(id = "io.epimetheus.tsdb", name = "Epimetheus TSDB",
        description = "The local time-series database: data directory, retention, block sizes and write-ahead log.")
public @interface TsdbConfig {

    @AttributeDefinition(name = "Data directory",
            description = "Where the database lives (--storage.tsdb.path): an absolute path, or one relative to karaf.base.")
    String path() default "tsdb";

    @AttributeDefinition(name = "Retention time",
            description = "Drop blocks older than this (--storage.tsdb.retention.time), a Prometheus duration; 0 disables.")
    String retention_time() default "15d";

    @AttributeDefinition(name = "Retention size",
            description = "Drop the oldest blocks while the database is larger than this (--storage.tsdb.retention.size), "
                    + "e.g. 512MB; 0 disables.")
    String retention_size() default "0";

    @AttributeDefinition(name = "Minimum block duration",
            description = "The range of blocks cut from the head (--storage.tsdb.min-block-duration).")
    String min_block_duration() default "2h";

    @AttributeDefinition(name = "Maximum block duration",
            description = "The largest range compaction builds (--storage.tsdb.max-block-duration); "
                    + "empty means 10% of the retention time, at most 31d.")
    String max_block_duration() default "";

    @AttributeDefinition(name = "WAL compression",
            description = "Compress write-ahead log records with Snappy (--storage.tsdb.wal-compression).")
    boolean wal_compression() default true;

    @AttributeDefinition(name = "WAL segment size",
            description = "Size at which write-ahead log segments are cut (--storage.tsdb.wal-segment-size).")
    String wal_segment_size() default "128MB";

    @AttributeDefinition(name = "Sync WAL on every commit",
            description = "fsync the write-ahead log on every commit, surviving power loss at a throughput cost. "
                    + "Off (as in Prometheus): commits reach the operating system and survive a process crash; "
                    + "segments are synced when cut.")
    boolean wal_sync_every_commit() default false;

    @AttributeDefinition(name = "WAL hold for lagging readers",
            description = "How long a WAL reader that lags (a remote_write queue whose receiver is down) can keep "
                    + "write-ahead log segments from being truncated, counted from a segment's last write, a Prometheus "
                    + "duration; never longer than the retention time. Like Prometheus's agent "
                    + "(--storage.agent.retention.max-time, 4h); 0 lets truncation proceed as in the Prometheus server.")
    String wal_hold_max_time() default "4h";

    @AttributeDefinition(name = "Out-of-order time window",
            description = "How far behind a series' newest sample a sample is still accepted "
                    + "(storage.tsdb.out_of_order_time_window), a Prometheus duration; 0 rejects out-of-order samples.")
    String out_of_order_time_window() default "0s";
}
