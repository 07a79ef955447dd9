package io.epimetheus.remote.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.remote.interop.Processes;
import io.epimetheus.remote.interop.PrometheusInteropTest;
import io.epimetheus.remote.testing.ReceiverHarness;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain with the real TSDB: Debian Prometheus scrapes a node exporter and remote-writes
 * to our receiver, which appends to our TSDB; our sender reads that TSDB's WAL back and
 * remote-writes to a second Debian Prometheus, which is stopped for several seconds in the middle.
 * The samples must be identical at all three places: nothing lost across the outage.
 */
class TsdbEndToEndTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void binaries() {
        Processes.requireBinaries();
    }

    static Map<Labels, List<String>> ours(Db db, long maxt, long mint) {
        Map<Labels, List<String>> out = new TreeMap<>();
        try (Querier q = db.querier(mint, maxt)) {
            SeriesSet s = q.select(true, null, Matcher.equal("job", "node"));
            SampleIterator it = null;
            while (s.next()) {
                List<String> samples = new ArrayList<>();
                it = s.iterator(it);
                while (it.next() == ValueType.FLOAT) {
                    samples.add(it.t() + "=" + it.v());
                }
                out.put(s.labels(), samples);
            }
        }
        return out;
    }

    private static Map<Labels, List<String>> from(Map<Labels, List<String>> m, long mint) {
        Map<Labels, List<String>> out = new TreeMap<>();
        m.forEach((l, samples) -> {
            List<String> kept = new ArrayList<>();
            for (String s : samples) {
                if (Long.parseLong(s.substring(0, s.indexOf('='))) >= mint) {
                    kept.add(s);
                }
            }
            if (!kept.isEmpty()) {
                out.put(l, kept);
            }
        });
        return out;
    }

    @Test
    void prometheusToUsToPrometheusAcrossAnOutage() throws Exception {
        try (Processes p = new Processes(); Db db = Db.open(TsdbOptions.defaults(dir.resolve("epimetheus")));
                ReceiverHarness rx = new ReceiverHarness(Labels.EMPTY, db)) {
            int p2 = Processes.freePort();
            Process second = p.prometheusAt(p2, dir, "global: {scrape_interval: 1h}\n",
                    "--web.enable-remote-write-receiver");
            long senderStart = System.currentTimeMillis();
            RemoteWriteConfig cfg = QueueManagerTest.config("http://127.0.0.1:" + p2 + "/api/v1/write", List.of(), false);
            QueueManager qm = new QueueManager("e2e", cfg, Labels.EMPTY, Relabeler.NONE, senderStart);
            qm.start();
            qm.follow(db);
            try {
                int ne = p.nodeExporter(dir);
                int p1 = p.prometheus(dir, """
                        global:
                          scrape_interval: 1s
                        scrape_configs:
                          - job_name: node
                            static_configs: [{targets: ['127.0.0.1:%d']}]
                        remote_write:
                          - url: %s
                            queue_config: {batch_send_deadline: 500ms, min_backoff: 50ms, max_backoff: 200ms}
                        """.formatted(ne, rx.url("/api/v1/write")));
                p.awaitScraped(p1, "node");
                Thread.sleep(4_000);
                p.stop(second); // the receiver of our remote write goes away
                Thread.sleep(8_000);
                assertTrue(qm.metrics.samplesRetried.sum() > 0, "the sender saw the outage");
                second = p.prometheusAt(p2, dir, "global: {scrape_interval: 1h}\n",
                        "--web.enable-remote-write-receiver");
                Thread.sleep(6_000);
                long at = System.currentTimeMillis() / 1000 - 4;
                long deadline = System.currentTimeMillis() + 30_000;
                while (qm.metrics.highestSentMillis.get() < at * 1000 + 2000) {
                    assertTrue(System.currentTimeMillis() < deadline, "sender did not catch up");
                    Thread.sleep(200);
                }

                Map<Labels, List<String>> first = PrometheusInteropTest.prometheusSamples(p, p1, "{job=\"node\"}", at);
                Map<Labels, List<String>> mine = ours(db, at * 1000, 0);
                assertTrue(first.size() > 100, "series: " + first.size());
                assertEquals(first, mine, "Prometheus -> Epimetheus");
                Map<Labels, List<String>> last = PrometheusInteropTest.prometheusSamples(p, p2, "{job=\"node\"}", at);
                assertEquals(from(mine, senderStart), from(last, senderStart), "Epimetheus -> Prometheus");
                int samples = 0;
                for (List<String> l : last.values()) {
                    samples += l.size();
                }
                assertTrue(samples > 2000, "compared " + samples + " samples");
                assertEquals(0, qm.metrics.samplesFailed.sum());
            } finally {
                qm.stop(2000);
            }
        }
    }
}
