package io.epimetheus.pushgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ParseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Python client ({@code python3-prometheus-client}) pushing to our servlet, and the
 * same sequence sent to Debian's {@code prometheus-pushgateway}: after every step both expose the
 * same series (their own go_/process_/pushgateway_ metrics aside, push times compared as set or
 * unset). Skipped when the packages are absent unless {@code -Dinterop.required=true}.
 */
class PythonClientInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path PUSHGATEWAY = Path.of("/usr/bin/prometheus-pushgateway");
    private static final List<String> STEPS = List.of("push", "pushadd", "other", "conflict", "raw", "delete",
            "delete-batch");

    @Test
    void pushPushaddAndDeleteFromTheOfficialClient() throws Exception {
        requirePythonClient();
        try (Harness h = new Harness(Map.of())) {
            assertEquals(h.base + " ok", run("push", h.base));
            Map<String, Double> s = series(h.get("/metrics"));
            assertEquals(3.0, s.get("jobs_processed_total{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\", queue=\"fast\"}"), s.toString());
            assertEquals(1.0, s.get("job_duration_seconds_bucket{instance=\"worker-1\", job=\"batch\", le=\"1.0\", path=\"/var/tmp\"}"));
            assertEquals(1.7e9, s.get("last_success_unixtime{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\"}"));

            assertEquals(h.base + " ok", run("pushadd", h.base));
            s = series(h.get("/metrics"));
            assertEquals(1.7000001e9, s.get("last_success_unixtime{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\"}"));
            assertEquals(42.0, s.get("records_written{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\"}"));
            assertTrue(s.containsKey("jobs_processed_total{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\", queue=\"fast\"}"),
                    "pushadd keeps the other families");

            assertEquals(h.base + " ok", run("other", h.base));
            assertEquals(h.base + " 400", run("conflict", h.base));
            assertEquals(h.base + " ok", run("delete", h.base));
            s = series(h.get("/metrics"));
            assertTrue(s.keySet().stream().noneMatch(k -> k.contains("job=\"other\"")), s.toString());
        }
    }

    @Test
    void theSameSequenceGivesTheSameExpositionAsTheRealPushgateway(@TempDir Path dir) throws Exception {
        requirePythonClient();
        // Debian's default persistence file is shared by every instance: use our own.
        try (DebianServer pg = DebianServer.start(PUSHGATEWAY, "prometheus-pushgateway", "/-/ready",
                port -> List.of("--web.listen-address=127.0.0.1:" + port,
                        "--persistence.file=" + dir.resolve("pushgateway-" + port + ".data")));
                Harness h = new Harness(Map.of())) {
            String theirs = pg.url;
            assertEquals(Map.of(), normalized(series(DebianServer.get(theirs + "/metrics"))), "a fresh Pushgateway is empty");
            for (String step : STEPS) {
                String out = run(step, h.base, theirs);
                String[] lines = out.split("\n");
                assertEquals(lines[1].substring(lines[1].indexOf(' ')), lines[0].substring(lines[0].indexOf(' ')),
                        "status of step " + step + ": " + out);
                Map<String, Double> ours = normalized(series(h.get("/metrics")));
                Map<String, Double> real = normalized(series(DebianServer.get(theirs + "/metrics")));
                assertEquals(real, ours, "exposed series after step " + step);
                assertEquals(types(DebianServer.get(theirs + "/metrics")), types(h.get("/metrics")), "types after step " + step);
            }
        }
    }

    private static String run(String step, String... urls) throws Exception {
        Path script = Path.of(PythonClientInteropTest.class.getResource("/python/push_sequence.py").toURI());
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON.toString(), script.toString(), step));
        cmd.addAll(List.of(urls));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /**
     * Series key ({@code name{labels}}, then the labels written with an empty value, such as the
     * {@code instance=""} of groups pushed without an instance) to value, through our own text parser.
     */
    static Map<String, Double> series(String exposition) throws Exception {
        byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
        ExpositionParser parser = ExpositionFormat.PROMETHEUS_TEXT.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        LabelsBuilder b = new LabelsBuilder();
        List<String> empty = new ArrayList<>();
        Map<String, Double> out = new TreeMap<>();
        for (ExpositionParser.Entry e = parser.next(); e != ExpositionParser.Entry.END; e = parser.next()) {
            if (e == ExpositionParser.Entry.SERIES) {
                parser.labels(b);
                empty.clear();
                parser.emptyLabelNames(empty);
                empty.sort(null);
                String name = b.get("__name__");
                b.delete("__name__");
                out.put(name + b.build() + (empty.isEmpty() ? "" : " empty " + empty), parser.value());
            }
        }
        return out;
    }

    private static Map<String, String> types(String exposition) throws Exception {
        byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
        ExpositionParser parser = ExpositionFormat.PROMETHEUS_TEXT.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        Map<String, String> out = new TreeMap<>();
        for (ExpositionParser.Entry e = parser.next(); e != ExpositionParser.Entry.END; e = parser.next()) {
            if (e == ExpositionParser.Entry.TYPE && !gatewayOwn(parser.metricFamily())) {
                out.put(parser.metricFamily(), parser.type().text());
            }
        }
        return out;
    }

    /** Drops the gateway's own metrics; push times only say whether they are set. */
    private static Map<String, Double> normalized(Map<String, Double> series) {
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String k = e.getKey();
            if (gatewayOwn(k)) {
                continue;
            }
            boolean time = k.startsWith(MetricStore.PUSH_TIME + "{") || k.startsWith(MetricStore.PUSH_FAILURE_TIME + "{");
            out.put(k, time ? (e.getValue() > 0 ? 1.0 : 0.0) : e.getValue());
        }
        return out;
    }

    private static boolean gatewayOwn(String name) {
        return name.startsWith("go_") || name.startsWith("process_") || name.startsWith("pushgateway_")
                || name.startsWith("promhttp_");
    }

    private static void requirePythonClient() throws Exception {
        DebianServer.requireExecutable(PYTHON, "python3");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            DebianServer.skipOrFail("the Python client is missing: apt-get install python3-prometheus-client");
        }
    }
}
