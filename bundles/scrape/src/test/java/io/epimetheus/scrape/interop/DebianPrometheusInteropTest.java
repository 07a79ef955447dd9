package io.epimetheus.scrape.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.ScrapeProtocol;
import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.scrape.http.TargetConnection;
import io.epimetheus.scrape.loop.LoopOptions;
import io.epimetheus.scrape.loop.ScrapeLoop;
import io.epimetheus.scrape.loop.ScrapeMetrics;
import io.epimetheus.scrape.target.ScrapeTarget;
import io.epimetheus.scrape.target.TargetBuilder;
import io.epimetheus.scrape.testing.MemoryStorage;
import io.epimetheus.scrape.testing.TestConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes a real {@code prometheus-node-exporter} and {@code prometheus-pushgateway} (Debian
 * packages) on loopback ports with the same scrape configs as a real {@code prometheus}, and
 * compares the series Epimetheus stores with those Prometheus stores: same names and labels
 * (including the synthetic {@code up} and {@code scrape_*} series) and the same sample counts.
 * Also scrapes Prometheus's own {@code /metrics}, and the node exporter once in the protobuf format
 * and once in the text format, which must store the same series with the same values where they do
 * not change. Skipped when the binaries are absent unless {@code -Dinterop.required=true}.
 *
 * <p>Debian bookworm ships Prometheus 2.42. Prometheus 3 stores the {@code le} and {@code quantile}
 * labels of classic histograms and summaries in canonical float form ({@code quantile="1"} becomes
 * {@code "1.0"}), as Epimetheus does; the series Prometheus 2 returns are normalised that way
 * before the comparison.
 */
class DebianPrometheusInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean installed(String binary) {
        return Files.isExecutable(Path.of("/usr/bin", binary));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void start(String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(Path.of(command[0]).getFileName() + ".log").toFile());
        processes.add(pb.start());
    }

    private static String http(String method, String url, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        if (body != null) {
            c.setDoOutput(true);
            c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void awaitUp(String url) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                http("GET", url, null);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError(url + " did not come up", e);
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void storesWhatPrometheusStores() throws Exception {
        boolean required = Boolean.getBoolean("interop.required");
        boolean present = installed("prometheus") && installed("prometheus-node-exporter")
                && installed("prometheus-pushgateway");
        assertTrue(present || !required, "interop.required=true but the Debian prometheus packages are missing");
        assumeTrue(present, "Debian prometheus, prometheus-node-exporter and prometheus-pushgateway are not installed");

        int nodePort = freePort();
        int pushPort = freePort();
        int promPort = freePort();
        // A fixed, small set of collectors keeps the exposition identical between two scrapes.
        start("/usr/bin/prometheus-node-exporter", "--web.listen-address=127.0.0.1:" + nodePort,
                "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo", "--collector.loadavg",
                "--collector.uname", "--collector.filesystem");
        start("/usr/bin/prometheus-pushgateway", "--web.listen-address=127.0.0.1:" + pushPort);
        awaitUp("http://127.0.0.1:" + nodePort + "/metrics");
        awaitUp("http://127.0.0.1:" + pushPort + "/metrics");
        http("PUT", "http://127.0.0.1:" + pushPort + "/metrics/job/batch/instance/b1",
                "# TYPE batch_last_success_seconds gauge\nbatch_last_success_seconds 1.7e9\nbatch_records{kind=\"a\"} 12\n");
        // Without an instance the Pushgateway exposes instance="": with honor_labels the series
        // are stored without one (the target's instance is not added).
        http("PUT", "http://127.0.0.1:" + pushPort + "/metrics/job/cron",
                "# TYPE cron_runs counter\ncron_runs 3\ncron_state{phase=\"\",name=\"x\"} 1\n");

        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: node
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: pushgateway
                    honor_labels: true
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(nodePort, pushPort));
        start("/usr/bin/prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + promPort);
        String prom = "http://127.0.0.1:" + promPort;
        awaitUp(prom + "/-/ready");

        MemoryStorage storage = new MemoryStorage();
        ScrapeConfig node = TestConfigs.job("node").interval(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
        ScrapeConfig push = TestConfigs.job("pushgateway").honorLabels(true)
                .interval(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
        ScrapeConfig self = TestConfigs.job("prometheus").interval(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
        scrape(node, "127.0.0.1:" + nodePort, storage);
        scrape(push, "127.0.0.1:" + pushPort, storage);
        scrape(self, "127.0.0.1:" + promPort, storage);

        // Let Prometheus scrape both targets at least twice.
        long deadline = System.currentTimeMillis() + 30_000;
        while (count(prom, "count(up{job=~\"node|pushgateway\"} == 1)") < 2 || count(prom, "min(count_over_time(up[1m]))") < 2) {
            assertTrue(System.currentTimeMillis() < deadline, "Prometheus did not scrape the targets");
            Thread.sleep(250);
        }

        for (String job : List.of("node", "pushgateway")) {
            // Prometheus scrapes only these two targets: with honor_labels, everything not of job
            // "node" came from the Pushgateway. Epimetheus also scraped Prometheus itself.
            Set<String> ours = new TreeSet<>();
            for (Labels l : storage.seriesLabels()) {
                String j = l.getOrEmpty("job");
                boolean fromPush = !j.equals("node") && !j.equals("prometheus");
                if (job.equals("node") ? j.equals("node") : fromPush) {
                    ours.add(l.toString());
                }
            }
            Set<String> theirs = series(prom, job.equals("node") ? "{job=\"node\"}" : "{__name__=~\".+\",job!=\"node\"}");
            Set<String> onlyOurs = new TreeSet<>(ours);
            onlyOurs.removeAll(theirs);
            Set<String> onlyTheirs = new TreeSet<>(theirs);
            onlyTheirs.removeAll(ours);
            assertTrue(onlyOurs.isEmpty() && onlyTheirs.isEmpty(), () -> job + ": only Epimetheus stored " + onlyOurs
                    + "\nonly Prometheus stored " + onlyTheirs);
            if (job.equals("pushgateway")) {
                for (String s : List.of(Labels.of("__name__", "cron_runs", "job", "cron").toString(),
                        Labels.of("__name__", "cron_state", "job", "cron", "name", "x").toString(),
                        Labels.of("__name__", "push_time_seconds", "job", "cron").toString())) {
                    assertTrue(ours.contains(s) && theirs.contains(s), s + " stored without an instance by both: " + ours);
                }
            }
            double samples = storage.last(Labels.of("__name__", "scrape_samples_scraped", "job", job,
                    "instance", job.equals("node") ? "127.0.0.1:" + nodePort : "127.0.0.1:" + pushPort)).v();
            assertEquals(count(prom, "scrape_samples_scraped{job=\"" + job + "\"}"), samples, 0.0, job + " sample count");
        }
        // Prometheus's own /metrics: every family name it exposes is stored under that name.
        Set<String> selfNames = storage.seriesLabels().stream().filter(l -> "prometheus".equals(l.get("job")))
                .map(Labels::metricName).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(selfNames.contains("prometheus_build_info") && selfNames.contains("up")
                && selfNames.contains("go_goroutines"), selfNames::toString);
        assertEquals(1, storage.last(Labels.of("__name__", "up", "job", "prometheus", "instance", "127.0.0.1:" + promPort)).v());
    }

    @Test
    void protobufAndTextScrapesOfTheNodeExporterAgree() throws Exception {
        boolean required = Boolean.getBoolean("interop.required");
        boolean present = installed("prometheus-node-exporter");
        assertTrue(present || !required, "interop.required=true but prometheus-node-exporter is missing");
        assumeTrue(present, "Debian prometheus-node-exporter is not installed");
        int nodePort = freePort();
        start("/usr/bin/prometheus-node-exporter", "--web.listen-address=127.0.0.1:" + nodePort,
                "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo", "--collector.loadavg",
                "--collector.uname", "--collector.filesystem");
        String address = "127.0.0.1:" + nodePort;
        awaitUp("http://" + address + "/metrics");

        ScrapeConfig proto = TestConfigs.job("node").protocols(List.of(ScrapeProtocol.PROMETHEUS_PROTO))
                .interval(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
        ScrapeConfig text = TestConfigs.job("node").protocols(List.of(ScrapeProtocol.PROMETHEUS_TEXT_0_0_4))
                .interval(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
        // The node exporter answers the Accept header Epimetheus sends with the protobuf format.
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address + "/metrics").toURL().openConnection();
        c.setRequestProperty("Accept", LoopOptions.of(proto).accept());
        assertEquals(ExpositionFormat.PROTOBUF, ExpositionFormat.ofContentType(c.getContentType()), c.getContentType());
        c.getInputStream().readAllBytes();
        c.disconnect();

        MemoryStorage fromProto = new MemoryStorage();
        MemoryStorage fromText = new MemoryStorage();
        scrape(proto, address, fromProto);
        scrape(text, address, fromText);

        Set<String> protoSeries = new TreeSet<>();
        fromProto.seriesLabels().forEach(l -> protoSeries.add(l.toString()));
        Set<String> textSeries = new TreeSet<>();
        fromText.seriesLabels().forEach(l -> textSeries.add(l.toString()));
        assertEquals(textSeries, protoSeries);
        assertTrue(protoSeries.size() > 50, protoSeries::toString);
        Set<String> stable = Set.of("node_uname_info", "node_memory_MemTotal_bytes", "node_memory_SwapTotal_bytes",
                "node_filesystem_size_bytes");
        int compared = 0;
        for (Labels l : fromProto.seriesLabels()) {
            if (stable.contains(l.metricName())) {
                assertEquals(fromText.last(l).v(), fromProto.last(l).v(), l::toString);
                compared++;
            }
        }
        assertTrue(compared >= 3, "compared " + compared + " series");
        assertEquals(fromText.last(Labels.of("__name__", "scrape_samples_scraped", "job", "node", "instance", address)).v(),
                fromProto.last(Labels.of("__name__", "scrape_samples_scraped", "job", "node", "instance", address)).v());
    }

    private static void scrape(ScrapeConfig c, String address, MemoryStorage storage) {
        TargetBuilder.Result r = new TargetBuilder(c, Relabeler.NONE).build(Labels.of("__address__", address), Labels.EMPTY);
        ScrapeLoop loop = new ScrapeLoop(new ScrapeTarget(c.jobName(), r.labels(), r.discovered(), c.params()),
                LoopOptions.of(c), new TargetConnection(new HttpClient(c.httpClient())), () -> storage,
                new ScrapeMetrics(), null);
        loop.scrape(System.currentTimeMillis());
        assertEquals("", loop.target().lastError(), c.jobName());
        loop.close();
    }

    private static double count(String prom, String query) throws IOException {
        JsonNode result = JSON.readTree(http("GET", prom + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8), null)).path("data").path("result");
        return result.isEmpty() ? 0 : result.get(0).path("value").get(1).asDouble();
    }

    /** Prometheus 3's form of a float label value: integers with ".0", infinities as "+Inf"/"-Inf". */
    private static String canonicalFloat(String v) {
        double d;
        try {
            d = Double.parseDouble(v.replace("Inf", "Infinity"));
        } catch (NumberFormatException e) {
            return v;
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return (long) d + ".0";
        }
        return FloatFormat.formatG(d);
    }

    private static Set<String> series(String prom, String selector) throws IOException {
        JsonNode data = JSON.readTree(http("GET", prom + "/api/v1/series?match[]="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8), null)).path("data");
        Set<String> out = new TreeSet<>();
        for (JsonNode s : data) {
            LabelsBuilder b = new LabelsBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String v = e.getValue().asText();
                b.set(e.getKey(), e.getKey().equals("le") || e.getKey().equals("quantile") ? canonicalFloat(v) : v);
            }
            out.add(b.build().toString());
        }
        return out;
    }
}
