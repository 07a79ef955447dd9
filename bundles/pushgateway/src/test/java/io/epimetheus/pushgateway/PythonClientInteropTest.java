package io.epimetheus.pushgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ParseOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Python client ({@code python3-prometheus-client}) pushing to our servlet, and the
 * same sequence sent to Debian's {@code prometheus-pushgateway}: every step gets the same answers
 * (error messages included) and after every step both {@code GET /metrics} bodies are the same,
 * line for line, once Debian's own families are left out and push times are compared as set or
 * unset ({@link DebianServer#pushedMetrics}). The sequence has empty grouping-key values, a
 * family pushed by several groups, histograms and summaries written by the client and by hand.
 * Skipped when the packages are absent unless {@code -Dinterop.required=true}.
 */
class PythonClientInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STEPS = List.of("push", "pushadd", "other", "conflict", "raw", "empty",
            "pushadd-empty", "empty-job", "dup-empty", "delete", "delete-empty", "delete-batch");
    /**
     * The step whose error message names a metric of whichever of two groups the Pushgateway's Go
     * map yields first (the gauge of one or the summary of the other): only statuses compare.
     */
    private static final String RANDOM_MESSAGE_STEP = "conflict";
    /**
     * Pushed by two groups with different help: the Pushgateway writes the help of whichever group
     * its Go map yields first, we that of the first group in grouping-key order, which is the group
     * with the empty value ({empty="",instance="worker-2",job="batch"} sorts before
     * {instance="worker-1",job="batch",path="/var/tmp"}).
     */
    private static final String SHARED_FAMILY = "shared";
    private static final List<String> SHARED_HELPS = List.of("Shared by group one.", "Shared by group two.");

    @Test
    void pushPushaddAndDeleteFromTheOfficialClient() throws Exception {
        requirePythonClient();
        try (Harness h = new Harness(Map.of())) {
            assertEquals("[\"ok\"]", outcomes(run("push", h.base)).get(0).toString());
            Map<String, Double> s = series(h.get("/metrics"));
            assertEquals(3.0, s.get("jobs_processed_total{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\", queue=\"fast\"}"), s.toString());
            assertEquals(1.0, s.get("job_duration_seconds_bucket{instance=\"worker-1\", job=\"batch\", le=\"1.0\", path=\"/var/tmp\"}"));
            assertEquals(1.7e9, s.get("last_success_unixtime{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\"}"));

            assertEquals("[\"ok\"]", outcomes(run("pushadd", h.base)).get(0).toString());
            s = series(h.get("/metrics"));
            assertEquals(1.7000001e9, s.get("last_success_unixtime{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\"}"));
            assertEquals(42.0, s.get("records_written{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\"}"));
            assertTrue(s.containsKey("jobs_processed_total{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\", queue=\"fast\"}"),
                    "pushadd keeps the other families");

            // The client sends an empty grouping value as empty@base64/=: a group of its own.
            assertEquals("[\"ok\"]", outcomes(run("empty", h.base)).get(0).toString());
            s = series(h.get("/metrics"));
            assertEquals(5.0, s.get("jobs_processed_total{instance=\"worker-2\", job=\"batch\", queue=\"fast\"} empty [empty]"),
                    s.toString());
            assertEquals(3.0, s.get("jobs_processed_total{instance=\"worker-1\", job=\"batch\", path=\"/var/tmp\", queue=\"fast\"}"));

            assertEquals("[\"ok\"]", outcomes(run("other", h.base)).get(0).toString());
            assertEquals(400, outcomes(run("conflict", h.base)).get(0).get(0).get(0).asInt());
            assertEquals("[[400,\"job name is required\\n\"]]", outcomes(run("empty-job", h.base)).get(0).toString());
            assertEquals("[\"ok\"]", outcomes(run("delete", h.base)).get(0).toString());
            assertEquals("[\"ok\"]", outcomes(run("delete-empty", h.base)).get(0).toString());
            s = series(h.get("/metrics"));
            assertTrue(s.keySet().stream().noneMatch(k -> k.contains("job=\"other\"") || k.contains("worker-2")), s.toString());
        }
    }

    @Test
    void theSameSequenceGivesTheSameExpositionAsTheRealPushgateway(@TempDir Path dir) throws Exception {
        requirePythonClient();
        try (DebianServer pg = DebianServer.pushgateway(dir); Harness h = new Harness(Map.of())) {
            String theirs = pg.url;
            assertEquals("", DebianServer.pushedMetrics(DebianServer.get(theirs + "/metrics")), "a fresh Pushgateway is empty");
            assertEquals("", h.get("/metrics"));
            for (String step : STEPS) {
                List<JsonNode> answers = outcomes(run(step, h.base, theirs));
                if (step.equals(RANDOM_MESSAGE_STEP)) {
                    assertEquals(statuses(answers.get(1)), statuses(answers.get(0)), "statuses of step " + step);
                } else {
                    assertEquals(answers.get(1), answers.get(0), "answers to step " + step);
                }
                String real = DebianServer.pushedMetrics(DebianServer.get(theirs + "/metrics"));
                String ours = DebianServer.pushedMetrics(h.get("/metrics"));
                String realHelp = helpLine(real, SHARED_FAMILY);
                if (realHelp != null) {
                    assertTrue(SHARED_HELPS.stream().anyMatch(help -> realHelp.equals("# HELP shared " + help)), realHelp);
                    String oursHelp = helpLine(ours, SHARED_FAMILY);
                    boolean groupTwo = ours.contains("\nshared{empty=\"\",instance=\"worker-2\",job=\"batch\"} ");
                    assertEquals("# HELP shared " + SHARED_HELPS.get(groupTwo ? 1 : 0), oursHelp,
                            "the help of the first group by key after step " + step);
                    real = real.replace(realHelp + "\n", oursHelp + "\n");
                }
                assertEquals(real, ours, "GET /metrics after step " + step);
                assertEquals(apiMetrics(DebianServer.get(theirs + "/api/v1/metrics")), apiMetrics(h.get("/api/v1/metrics")),
                        "GET /api/v1/metrics after step " + step);
            }
        }
    }

    /** The outcomes of a step, per gateway, as the script prints them: "ok" or [status, body] per request. */
    private static List<JsonNode> outcomes(String output) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            out.add(JSON.readTree(line.substring(line.indexOf('\t') + 1)));
        }
        return out;
    }

    private static List<String> statuses(JsonNode outcomes) {
        List<String> out = new ArrayList<>();
        outcomes.forEach(o -> out.add(o.isTextual() ? o.asText() : o.get(0).asText()));
        return out;
    }

    /**
     * {@code /api/v1/metrics} as compared: its text with the groups in grouping-key order (the
     * Pushgateway lists them in Go's random map order), every {@code time_stamp} as {@code <time>}
     * and push time values as set or unset.
     */
    static String apiMetrics(String json) throws Exception {
        JsonNode root = JSON.readTree(json);
        List<JsonNode> groups = new ArrayList<>();
        root.path("data").forEach(groups::add);
        for (JsonNode group : groups) {
            group.fields().forEachRemaining(e -> {
                if (e.getValue().has("time_stamp")) {
                    ((ObjectNode) e.getValue()).put("time_stamp", "<time>");
                }
                if (e.getKey().equals(MetricStore.PUSH_TIME) || e.getKey().equals(MetricStore.PUSH_FAILURE_TIME)) {
                    ObjectNode metric = (ObjectNode) e.getValue().path("metrics").get(0);
                    metric.put("value", metric.path("value").asText().equals("0") ? "0" : "<set>");
                }
            });
        }
        groups.sort(Comparator.comparing(g -> g.path("labels").toString()));
        ((ArrayNode) root.path("data")).removeAll().addAll(groups);
        return JSON.writeValueAsString(root);
    }

    /** The {@code # HELP} line of {@code family}, or null. */
    private static String helpLine(String exposition, String family) {
        return exposition.lines().filter(l -> l.startsWith("# HELP " + family + " ")).findFirst().orElse(null);
    }

    private static String run(String step, String... urls) throws Exception {
        Path script = Path.of(PythonClientInteropTest.class.getResource("/python/push_sequence.py").toURI());
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), step));
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

    private static void requirePythonClient() throws Exception {
        DebianServer.requireExecutable(PYTHON, "python3");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            DebianServer.skipOrFail("the Python client is missing: apt-get install python3-prometheus-client");
        }
    }
}
