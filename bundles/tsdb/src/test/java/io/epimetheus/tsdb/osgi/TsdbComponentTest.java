package io.epimetheus.tsdb.osgi;

import static io.epimetheus.tsdb.TestUtil.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.tsdb.ByteSize;
import io.epimetheus.tsdb.TsdbOptions;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbComponentTest {

    @TempDir
    Path base;

    /** A configuration with the defaults, overridden by {@code over} (keys as in the .cfg file). */
    static TsdbConfig cfg(Map<String, Object> over) {
        return new TsdbConfig() {
            private <T> T get(String k, T def) {
                @SuppressWarnings("unchecked")
                T v = (T) over.getOrDefault(k, def);
                return v;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return TsdbConfig.class;
            }

            @Override
            public String path() {
                return get("path", "tsdb");
            }

            @Override
            public String retention_time() {
                return get("retention.time", "15d");
            }

            @Override
            public String retention_size() {
                return get("retention.size", "0");
            }

            @Override
            public String min_block_duration() {
                return get("min.block.duration", "2h");
            }

            @Override
            public String max_block_duration() {
                return get("max.block.duration", "");
            }

            @Override
            public boolean wal_compression() {
                return get("wal.compression", true);
            }

            @Override
            public String wal_segment_size() {
                return get("wal.segment.size", "128MB");
            }

            @Override
            public boolean wal_sync_every_commit() {
                return get("wal.sync.every.commit", false);
            }

            @Override
            public String out_of_order_time_window() {
                return get("out.of.order.time.window", "0s");
            }

            @Override
            public String wal_hold_max_time() {
                return get("wal.hold.max.time", "4h");
            }
        };
    }

    @Test
    void defaultsFollowPrometheus() {
        TsdbOptions o = TsdbComponent.options(cfg(Map.of()), base.toString());
        assertEquals(base.resolve("tsdb"), o.dir());
        assertEquals(15L * 86_400_000, o.retentionMillis());
        assertEquals(7_200_000, o.minBlockDuration());
        assertEquals(15L * 86_400_000 / 10, o.maxBlockDuration());
        assertEquals(0, o.retentionBytes());
        assertTrue(o.walCompression());
        assertEquals(4 * 3_600_000, o.walHoldMaxMillis());
    }

    @Test
    void absolutePathAndSizes() {
        TsdbOptions o = TsdbComponent.options(cfg(Map.of("path", "/var/lib/epi", "retention.size", "512MB",
                "retention.time", "1y")), base.toString());
        assertEquals(Path.of("/var/lib/epi"), o.dir());
        assertEquals(512L << 20, o.retentionBytes());
        assertEquals(31L * 86_400_000, o.maxBlockDuration());
    }

    @Test
    void badValuesNameTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TsdbComponent.options(cfg(Map.of("retention.time", "15 days")), base.toString()));
        assertTrue(e.getMessage().contains("retention.time"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TsdbComponent.options(cfg(Map.of("retention.size", "12XB")), base.toString()));
        assertTrue(e.getMessage().contains("retention.size") && e.getMessage().contains("512MB"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TsdbComponent.options(cfg(Map.of("wal.hold.max.time", "-1h")), base.toString()));
        assertTrue(e.getMessage().contains("wal.hold.max.time"), e.getMessage());
    }

    @Test
    void byteSizes() {
        assertEquals(0, ByteSize.parse("0"));
        assertEquals(1024, ByteSize.parse("1KB"));
        assertEquals(3L << 30, ByteSize.parse("3GiB"));
        assertEquals(7, ByteSize.parse("7B"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("MB"));
    }

    @Test
    void reactivationKeepsDataAndReleasesTheLock() throws Exception {
        TsdbConfig c = cfg(Map.of("path", base.resolve("data").toString()));
        Labels l = Labels.of("__name__", "x");
        TsdbComponent first = new TsdbComponent(c);
        Appender a = first.appender();
        a.append(0, l, 1000, 1);
        a.commit();
        first.deactivate();
        TsdbComponent second = new TsdbComponent(c);
        try {
            assertEquals(1, query(second, 0, 2000, Matcher.equal("__name__", "x")).get(l).size());
            // The WAL service: the old segment and the new one the reopened database writes.
            assertEquals(base.resolve("data").resolve("wal"), second.directory());
            assertEquals(new WriteAheadLog.Segments(0, 1), second.segments());
            WriteAheadLog.Hold h = second.hold("test", 1);
            assertEquals(1, h.segment());
            h.close();
            assertEquals(4 * 3_600_000, second.maxHoldMillis());
        } finally {
            second.deactivate();
        }
        assertTrue(Files.exists(base.resolve("data").resolve("lock")));
    }
}
