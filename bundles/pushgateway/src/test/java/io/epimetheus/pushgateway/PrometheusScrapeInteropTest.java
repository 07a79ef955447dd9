package io.epimetheus.pushgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epimetheus.api.model.LabelsBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code prometheus} scraping, with {@code honor_labels: true} as a Pushgateway is meant
 * to be scraped, both Debian's {@code prometheus-pushgateway} and ours after the same pushes: it
 * stores the same series from both (told apart by a target label), the same values and the same
 * metadata. Groups pushed without an instance are stored without one, because both expose {@code
 * instance=""}; a counter pushed without {@code _total} keeps its name and type. A group with an
 * empty grouping value ({@code b@base64/=}) exposes {@code b=""}, which Prometheus drops: its
 * series clash with those of the group without {@code b}, and Prometheus keeps the sample that
 * comes first, so it stores the same value from both only because both write the metrics of a
 * family in the same order. Before Prometheus scrapes, both {@code GET /metrics} bodies are the
 * same line for line ({@link DebianServer#pushedMetrics}). Skipped when the packages are absent
 * unless {@code -Dinterop.required=true}.
 */
class PrometheusScrapeInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PUSHES = new LinkedHashMap<>();

    static {
        PUSHES.put("/metrics/job/batch/instance/b1", "# TYPE batch_last_success_seconds gauge\nbatch_last_success_seconds 1.7e9\n");
        PUSHES.put("/metrics/job/cron", """
                # HELP cron_runs Runs so far.
                # TYPE cron_runs counter
                cron_runs 3
                cron_state{phase="",name="x"} 1
                inst{instance="in-body"} 2
                """);
        // {b="",job="multi"} comes first by grouping key, but its metrics have a label more, so the
        // Pushgateway writes them after those of {job="multi"}.
        PUSHES.put("/metrics/job/multi/b@base64/=", """
                # HELP multi Pushed by two groups.
                # TYPE multi gauge
                multi 1
                # TYPE multi_seconds histogram
                multi_seconds_bucket{le="1.0"} 1
                multi_seconds_sum 0.5
                """);
        PUSHES.put("/metrics/job/multi", """
                # HELP multi Pushed by two groups.
                # TYPE multi gauge
                multi 2
                # TYPE multi_seconds histogram
                multi_seconds_bucket{le="1.0"} 3
                multi_seconds_bucket{le="+Inf"} 4
                multi_seconds_count 4
                """);
    }

    @Test
    void prometheusStoresTheSameFromBothPushgateways(@TempDir Path dir) throws Exception {
        try (DebianServer real = DebianServer.pushgateway(dir); Harness ours = new Harness(Map.of())) {
            for (Map.Entry<String, String> push : PUSHES.entrySet()) {
                assertEquals(200, ours.send("PUT", push.getKey(), push.getValue()).statusCode());
                assertEquals(200, DebianServer.send("PUT", real.url + push.getKey(), push.getValue()));
            }
            assertEquals(DebianServer.pushedMetrics(DebianServer.get(real.url + "/metrics")),
                    DebianServer.pushedMetrics(ours.get("/metrics")));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: real
                        honor_labels: true
                        static_configs: [{targets: ['%s'], labels: {source: real}}]
                      - job_name: ours
                        honor_labels: true
                        metrics_path: /pushgateway/metrics
                        static_configs: [{targets: ['%s'], labels: {source: ours}}]
                    """.formatted(real.url.substring("http://".length()), ours.base.substring("http://".length(),
                    ours.base.indexOf("/pushgateway"))));
            try (DebianServer prom = DebianServer.start(Path.of("/usr/bin/prometheus"), "prometheus", "/-/ready",
                    port -> List.of("--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data-" + port),
                            "--web.listen-address=127.0.0.1:" + port))) {
                long deadline = System.currentTimeMillis() + 30_000;
                // Three push_time_seconds series from each source: the two groups of job "multi" make one.
                while (query(prom, "count by (source) (push_time_seconds) >= 3").size() < 2) {
                    assertTrue(System.currentTimeMillis() < deadline, "Prometheus did not scrape both Pushgateways");
                    Thread.sleep(250);
                }
                Set<String> fromReal = series(prom, "real");
                Set<String> fromOurs = series(prom, "ours");
                assertEquals(fromReal, fromOurs);
                for (String expected : List.of("cron_runs{job=\"cron\"}", "cron_state{job=\"cron\", name=\"x\"}",
                        "inst{instance=\"in-body\", job=\"cron\"}", "push_time_seconds{job=\"cron\"}",
                        "batch_last_success_seconds{instance=\"b1\", job=\"batch\"}", "multi{job=\"multi\"}",
                        "multi_seconds_bucket{job=\"multi\", le=\"1\"}", "multi_seconds_bucket{job=\"multi\", le=\"+Inf\"}")) {
                    assertTrue(fromOurs.contains(expected), expected + " in " + fromOurs);
                }
                for (String metric : List.of("cron_runs", "cron_state", "inst", "batch_last_success_seconds", "multi",
                        "multi_seconds_count", "multi_seconds_bucket{le=\"1\",")) {
                    String selector = metric.endsWith(",") ? metric : metric + "{";
                    assertEquals(value(prom, selector + "source=\"real\"}"), value(prom, selector + "source=\"ours\"}"), metric);
                }
                // The first of the clashing samples, from the group without b.
                assertEquals("2", value(prom, "multi{source=\"ours\"}"));
                assertEquals("3", value(prom, "multi_seconds_bucket{le=\"1\",source=\"ours\"}"));
                for (String metric : List.of("cron_runs", "batch_last_success_seconds", "multi")) {
                    assertEquals(metadata(prom, "real", metric), metadata(prom, "ours", metric), metric);
                }
                assertEquals("counter Runs so far.", metadata(prom, "ours", "cron_runs"));
            }
        }
    }

    private static JsonNode query(DebianServer prom, String query) throws Exception {
        return JSON.readTree(DebianServer.get(prom.url + "/api/v1/query?query=" + URLEncoder.encode(query,
                StandardCharsets.UTF_8))).path("data").path("result");
    }

    private static String value(DebianServer prom, String query) throws Exception {
        JsonNode result = query(prom, query);
        assertEquals(1, result.size(), query + ": " + result);
        return result.get(0).path("value").get(1).asText();
    }

    /** The pushed series Prometheus stores from one source, without the {@code source} label. */
    private static Set<String> series(DebianServer prom, String source) throws Exception {
        String selector = "{source=\"" + source + "\",job=~\"batch|cron|multi\"}";
        JsonNode data = JSON.readTree(DebianServer.get(prom.url + "/api/v1/series?match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8))).path("data");
        Set<String> out = new TreeSet<>();
        for (JsonNode s : data) {
            LabelsBuilder b = new LabelsBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                b.set(e.getKey(), e.getValue().asText());
            }
            b.delete("source");
            String name = b.get("__name__");
            b.delete("__name__");
            out.add(name + b.build());
        }
        return out;
    }

    /** Type and help of {@code metric} as Prometheus recorded them for the target of {@code source}. */
    private static String metadata(DebianServer prom, String source, String metric) throws Exception {
        JsonNode data = JSON.readTree(DebianServer.get(prom.url + "/api/v1/targets/metadata?metric=" + metric
                + "&match_target=" + URLEncoder.encode("{source=\"" + source + "\"}", StandardCharsets.UTF_8)))
                .path("data");
        assertEquals(1, data.size(), metric + " of " + source + ": " + data);
        return data.get(0).path("type").asText() + " " + data.get(0).path("help").asText();
    }
}
