package io.epimetheus.tsdb.osgi;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageAdmin;
import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.tsdb.ByteSize;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TsdbAdmin;
import io.epimetheus.tsdb.TsdbMetrics;
import io.epimetheus.tsdb.TsdbOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.ToLongFunction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the database as the {@link Storage} service, with its {@link StorageAdmin}, its {@link
 * WriteAheadLog} (for remote write) and its self-metrics {@link Collector}, and runs compaction in
 * the background. A configuration change deactivates and
 * re-activates the component: the database is closed (WAL synced, lock released) and reopened
 * from the same directory, so nothing is lost; consumers see the service go and come back.
 */
@Component(configurationPid = "io.epimetheus.tsdb", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {Storage.class, StorageAdmin.class, WriteAheadLog.class, Collector.class}, immediate = true)
@Designate(ocd = TsdbConfig.class)
public final class TsdbComponent implements Storage, StorageAdmin, WriteAheadLog, Collector {

    private final Db db;
    private final TsdbAdmin admin;
    private final TsdbMetrics metrics;

    @Activate
    public TsdbComponent(TsdbConfig cfg) throws IOException {
        this.db = Db.open(options(cfg, System.getProperty("karaf.base")));
        this.admin = new TsdbAdmin(db);
        this.metrics = new TsdbMetrics(db);
        db.startBackground();
    }

    /** Translates the configuration into options, resolving a relative path against {@code base}. */
    public static TsdbOptions options(TsdbConfig cfg, String base) {
        Path p = Paths.get(cfg.path());
        if (!p.isAbsolute()) {
            p = (base == null ? Paths.get("") : Paths.get(base)).resolve(p).toAbsolutePath();
        }
        long retention = duration("retention.time", cfg.retention_time());
        long minBlock = duration("min.block.duration", cfg.min_block_duration());
        String maxBlockText = cfg.max_block_duration();
        long maxBlock = maxBlockText == null || maxBlockText.isBlank()
                ? TsdbOptions.maxBlockFor(retention, minBlock)
                : duration("max.block.duration", maxBlockText);
        return new TsdbOptions(p.normalize(), retention, size("retention.size", cfg.retention_size()), minBlock, maxBlock,
                cfg.wal_compression(), size("wal.segment.size", cfg.wal_segment_size()), cfg.wal_sync_every_commit(),
                duration("out.of.order.time.window", cfg.out_of_order_time_window()),
                duration("wal.hold.max.time", cfg.wal_hold_max_time()));
    }

    private static long duration(String key, String value) {
        return parse(key, value.trim(), PromDuration::parse);
    }

    private static long size(String key, String value) {
        return parse(key, value, ByteSize::parse);
    }

    /** A configuration value parsed by {@code parser}; its error names the property. */
    private static long parse(String key, String value, ToLongFunction<String> parser) {
        try {
            return parser.applyAsLong(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("io.epimetheus.tsdb " + key + ": " + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() throws IOException {
        db.close();
    }

    /** The database behind the service. */
    public Db db() {
        return db;
    }

    @Override
    public Appender appender() {
        return db.appender();
    }

    @Override
    public Querier querier(long mintMillis, long maxtMillis) {
        return db.querier(mintMillis, maxtMillis);
    }

    @Override
    public long minTime() {
        return db.minTime();
    }

    @Override
    public TsdbStatus status(int limit) {
        return admin.status(limit);
    }

    @Override
    public List<BlockInfo> blocks() {
        return admin.blocks();
    }

    @Override
    public String snapshot(boolean skipHead) {
        return admin.snapshot(skipHead);
    }

    @Override
    public void compact() {
        admin.compact();
    }

    @Override
    public void deleteSeries(long mintMillis, long maxtMillis, Matcher... matchers) {
        admin.deleteSeries(mintMillis, maxtMillis, matchers);
    }

    @Override
    public void cleanTombstones() {
        admin.cleanTombstones();
    }

    @Override
    public WalReplayStatus walReplay() {
        return admin.walReplay();
    }

    @Override
    public StorageInfo info() {
        return admin.info();
    }

    @Override
    public Path directory() {
        return db.directory();
    }

    @Override
    public Segments segments() {
        return db.segments();
    }

    @Override
    public Hold hold(String reader, int segment) {
        return db.hold(reader, segment);
    }

    @Override
    public long maxHoldMillis() {
        return db.maxHoldMillis();
    }

    @Override
    public void collect(MetricSink sink) {
        metrics.collect(sink);
    }
}
