package io.epimetheus.remote.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.remote.interop.PrometheusInteropTest;
import io.epimetheus.remote.interop.Processes;
import io.epimetheus.remote.read.SeriesData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our remote-read client against Debian Prometheus's {@code /api/v1/read}, which answers with
 * streamed XOR chunks: the samples read must equal what Prometheus's query API returns.
 */
class PrometheusRemoteReadTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void binaries() {
        Processes.requireBinaries();
    }

    @Test
    void readsPrometheusThroughStreamedChunks() throws Exception {
        try (Processes p = new Processes()) {
            int ne = p.nodeExporter(dir);
            int port = p.prometheus(dir, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: node
                        static_configs: [{targets: ['127.0.0.1:%d']}]
                    """.formatted(ne));
            p.awaitScraped(port, "node");
            Thread.sleep(4_000);
            long at = System.currentTimeMillis() / 1000 - 1;
            RemoteReadClient client = new RemoteReadClient(RemoteReadQueryableTest.config(
                    "http://127.0.0.1:" + port + "/api/v1/read", true, Map.of(), true));
            List<SeriesData> read = client.read(at * 1000 - 3_600_000, at * 1000, null,
                    new Matcher[] {Matcher.equal("job", "node")});
            Map<Labels, List<String>> got = new TreeMap<>();
            for (SeriesData s : read) {
                List<String> samples = new ArrayList<>();
                for (int i = 0; i < s.size(); i++) {
                    samples.add(s.t(i) + "=" + s.v(i));
                }
                got.put(s.labels(), samples);
            }
            Map<Labels, List<String>> expected = PrometheusInteropTest.prometheusSamples(p, port, "{job=\"node\"}", at);
            assertTrue(expected.size() > 100, "series: " + expected.size());
            assertEquals(expected, got);
        }
    }
}
