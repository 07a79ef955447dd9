package io.epimetheus.remote.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.remote.send.SenderHarness;
import io.epimetheus.remote.testing.ReceiverHarness;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with Debian's Prometheus (2.42 here): it remote-writes a node exporter's samples to our
 * receiver, remote-reads data only we have, and receives what our sender reads from a WAL.
 * Skipped when the binaries are absent, unless {@code -Dinterop.required=true}.
 */
public class PrometheusInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void binaries() {
        Processes.requireBinaries();
    }

    /** Every sample of every series matching {@code selector} up to {@code atSeconds}, from Prometheus's API. */
    public static Map<Labels, List<String>> prometheusSamples(Processes p, int port, String selector, long atSeconds)
            throws Exception {
        String q = URLEncoder.encode(selector + "[1h]", StandardCharsets.UTF_8);
        JsonNode root = JSON.readTree(p.get("http://127.0.0.1:" + port + "/api/v1/query?query=" + q + "&time=" + atSeconds));
        assertEquals("success", root.path("status").asText(), root.toString());
        Map<Labels, List<String>> out = new TreeMap<>();
        for (JsonNode s : root.path("data").path("result")) {
            LabelsBuilder b = new LabelsBuilder();
            s.path("metric").fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue().asText()));
            List<String> vals = new ArrayList<>();
            for (JsonNode v : s.path("values")) {
                long tms = Math.round(v.get(0).asDouble() * 1000);
                vals.add(tms + "=" + Double.parseDouble(v.get(1).asText().replace("+Inf", "Infinity")
                        .replace("-Inf", "-Infinity")));
            }
            out.put(b.build(), vals);
        }
        return out;
    }

    @Test
    void prometheusRemoteWritesToUsAndRemoteReadsFromUs() throws Exception {
        try (Processes p = new Processes(); ReceiverHarness rx = new ReceiverHarness(Labels.EMPTY)) {
            int ne = p.nodeExporter(dir);
            rx.storage.put(Labels.of("__name__", "only_in_epimetheus", "k", "v"), System.currentTimeMillis() - 30_000, 42);
            int port = p.prometheus(dir, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: node
                        static_configs: [{targets: ['127.0.0.1:%d']}]
                    remote_write:
                      - url: %s
                        queue_config: {batch_send_deadline: 500ms, min_backoff: 50ms, max_backoff: 200ms}
                    remote_read:
                      - url: %s
                        read_recent: true
                    """.formatted(ne, rx.url("/api/v1/write"), rx.url("/api/v1/read")));
            // Let it scrape a while, with a receiver outage in the middle.
            p.awaitScraped(port, "node");
            Thread.sleep(4_000);
            rx.down = true;
            Thread.sleep(5_000);
            rx.down = false;
            Thread.sleep(6_000);
            long at = System.currentTimeMillis() / 1000 - 3;
            Thread.sleep(3_000); // the last batch before `at` has arrived

            // Remote read: a series only we hold is answered by Prometheus.
            JsonNode r = JSON.readTree(p.get("http://127.0.0.1:" + port + "/api/v1/query?query=only_in_epimetheus"));
            JsonNode result = r.path("data").path("result");
            assertEquals(1, result.size(), r.toString());
            assertEquals("42", result.get(0).path("value").get(1).asText());

            // Remote write: every local sample of the node job up to `at` is in our storage.
            // (Prometheus merges remote-read data into query results, so compare against its local
            // data by excluding what only we hold.)
            Map<Labels, List<String>> theirs = prometheusSamples(p, port, "{job=\"node\"}", at);
            assertTrue(theirs.size() > 100, "node exporter series: " + theirs.size());
            assertTrue(rx.rejectedWhileDown.get() > 0, "the outage was seen by the sender");
            long atMillis = at * 1000;
            int compared = 0;
            for (Map.Entry<Labels, List<String>> e : theirs.entrySet()) {
                List<String> ours = new ArrayList<>();
                for (String s : rx.storage.samples(e.getKey())) {
                    if (Long.parseLong(s.substring(0, s.indexOf('='))) <= atMillis) {
                        ours.add(s);
                    }
                }
                assertEquals(e.getValue(), ours, "samples of " + e.getKey());
                compared += ours.size();
            }
            assertTrue(compared > 1000, "compared " + compared + " samples");
        }
    }

    @Test
    void weRemoteWriteToPrometheus() throws Exception {
        try (Processes p = new Processes()) {
            int port = p.prometheus(dir, "global: {scrape_interval: 1m}\n", "--web.enable-remote-write-receiver");
            Path wal = dir.resolve("wal");
            long start = System.currentTimeMillis() - 120_000;
            try (SenderHarness s = new SenderHarness(wal, "http://127.0.0.1:" + port + "/api/v1/write",
                    Labels.of("cluster", "eu"), start)) {
                Labels a = Labels.of("__name__", "from_epimetheus", "job", "j");
                s.series(1, a);
                for (int i = 0; i < 600; i++) {
                    s.sample(1, start + i * 100L, i * 0.5);
                }
                s.awaitSent(600);
            }
            long at = start / 1000 + 120;
            Map<Labels, List<String>> theirs = prometheusSamples(p, port, "from_epimetheus", at);
            Labels sent = Labels.of("__name__", "from_epimetheus", "job", "j", "cluster", "eu");
            List<String> expect = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                expect.add((start + i * 100L) + "=" + (i * 0.5));
            }
            assertEquals(Map.of(sent, expect), theirs);
        }
    }
}
