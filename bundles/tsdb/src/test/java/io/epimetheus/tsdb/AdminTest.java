package io.epimetheus.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.StorageAdmin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTest {

    @TempDir
    Path dir;

    @Test
    void statusBlocksSnapshotAndMetrics() throws IOException {
        TsdbOptions d = TsdbOptions.defaults(dir);
        try (Db db = Db.open(new TsdbOptions(dir, 15L * 86_400_000, 512L << 20, d.minBlockDuration(),
                d.maxBlockDuration(), true, d.walSegmentSize(), false, 0))) {
            Appender app = db.appender();
            for (int i = 0; i < 5; i++) {
                app.append(0, Labels.of("__name__", "up", "instance", "i" + i, "job", "node"), 1000, 1);
            }
            app.append(0, Labels.of("__name__", "scrape_duration_seconds", "instance", "i0", "job", "node"), 1000, 1);
            app.commit();
            TsdbAdmin admin = new TsdbAdmin(db);
            StorageAdmin.TsdbStatus st = admin.status(2);
            assertEquals(6, st.headStats().numSeries());
            assertEquals(1000, st.headStats().minTime());
            assertEquals(List.of(new StorageAdmin.Stat("up", 5), new StorageAdmin.Stat("scrape_duration_seconds", 1)),
                    st.seriesCountByMetricName());
            assertEquals(new StorageAdmin.Stat("job=node", 6), st.seriesCountByLabelValuePair().get(0));
            assertEquals(new StorageAdmin.Stat("instance", 5), st.labelValueCountByLabelName().get(0));
            assertEquals(2, st.memoryInBytesByLabelName().size());
            assertEquals("15d or 512MiB", admin.info().retention());
            assertTrue(admin.walReplay().done());

            String name = admin.snapshot(false);
            assertTrue(name.matches("\\d{8}T\\d{6}Z-[0-9a-f]+"), name);
            Path snap = dir.resolve("snapshots").resolve(name);
            assertTrue(Files.isDirectory(snap));
            try (Db s = Db.open(TsdbOptions.defaults(snap))) {
                assertEquals(6, TestUtil.query(s, 0, 2000, Matcher.equal("job", "node")).size());
                assertEquals(1, new TsdbAdmin(s).blocks().size());
            }

            admin.deleteSeries(0, 5000, Matcher.equal("instance", "i0"));
            assertEquals(4, TestUtil.query(db, 0, 2000, Matcher.equal("job", "node")).size());

            Map<String, Double> metrics = new HashMap<>();
            Map<String, MetricType> types = new HashMap<>();
            new TsdbMetrics(db).collect(new MetricSink() {
                @Override
                public void family(String n, MetricType type, String help, String unit) {
                    types.put(n, type);
                }

                @Override
                public void sample(String sampleName, Labels labels, double value) {
                    metrics.put(sampleName + labels, value);
                }

                @Override
                public void sample(String sampleName, Labels labels, double value, long ts) {
                    sample(sampleName, labels, value);
                }
            });
            assertEquals(6.0, metrics.get("prometheus_tsdb_head_series{}"));
            assertEquals(6.0, metrics.get("prometheus_tsdb_head_samples_appended_total{type=\"float\"}"));
            assertEquals(MetricType.COUNTER, types.get("prometheus_tsdb_head_samples_appended"));
            assertEquals(0.0, metrics.get("prometheus_tsdb_wal_corruptions_total{}"));
            assertEquals(512.0 * 1024 * 1024, metrics.get("prometheus_tsdb_retention_limit_bytes{}"));
            assertTrue(metrics.containsKey("prometheus_tsdb_storage_blocks_bytes{}"));
        }
    }
}
