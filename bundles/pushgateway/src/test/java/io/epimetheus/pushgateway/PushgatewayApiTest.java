package io.epimetheus.pushgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pushgateway HTTP API over a real servlet container. */
class PushgatewayApiTest {

    private static final String BODY = String.join("\n",
            "# HELP jobs_total Jobs done.",
            "# TYPE jobs_total counter",
            "jobs_total{queue=\"a\"} 3",
            "# TYPE temperature gauge",
            "temperature 21.5",
            "");

    @Test
    void putExposesTheGroupWithItsLabelsAndPushTimes() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            HttpResponse<String> r = h.send("PUT", "/metrics/job/batch/instance/w1", BODY);
            assertEquals(200, r.statusCode(), r.body());
            String metrics = h.get("/metrics");
            assertTrue(metrics.contains("# HELP jobs_total Jobs done.\n# TYPE jobs_total counter\n"), metrics);
            assertTrue(metrics.contains("jobs_total{instance=\"w1\",job=\"batch\",queue=\"a\"} 3\n"), metrics);
            assertTrue(metrics.contains("temperature{instance=\"w1\",job=\"batch\"} 21.5\n"), metrics);
            assertTrue(metrics.contains("push_failure_time_seconds{instance=\"w1\",job=\"batch\"} 0\n"), metrics);
            assertTrue(metrics.matches("(?s).*push_time_seconds\\{instance=\"w1\",job=\"batch\"} 1\\.[0-9.e+]+\n.*"), metrics);
        }
    }

    @Test
    void postReplacesSameNamedFamiliesAndPutTheWholeGroup() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            h.send("PUT", "/metrics/job/batch", BODY);
            assertEquals(200, h.send("POST", "/metrics/job/batch", "temperature 30\nextra 1\n").statusCode());
            String metrics = h.get("/metrics");
            assertTrue(metrics.contains("jobs_total{instance=\"\",job=\"batch\",queue=\"a\"} 3"), metrics);
            assertTrue(metrics.contains("temperature{instance=\"\",job=\"batch\"} 30"), metrics);
            assertTrue(metrics.contains("extra{instance=\"\",job=\"batch\"} 1"), metrics);

            assertEquals(200, h.send("PUT", "/metrics/job/batch", "temperature 31\n").statusCode());
            metrics = h.get("/metrics");
            assertFalse(metrics.contains("jobs_total"), metrics);
            assertFalse(metrics.contains("extra"), metrics);
            assertTrue(metrics.contains("temperature{instance=\"\",job=\"batch\"} 31"), metrics);

            // An empty PUT empties the group but keeps it (with its push time).
            assertEquals(200, h.send("PUT", "/metrics/job/batch", "").statusCode());
            metrics = h.get("/metrics");
            assertFalse(metrics.contains("temperature"), metrics);
            assertTrue(metrics.contains("push_time_seconds{instance=\"\",job=\"batch\"}"), metrics);
        }
    }

    @Test
    void emptyLabelsAndCountersWithoutTotalAreExposedAsThePushgatewayExposesThem() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            assertEquals(200, h.send("PUT", "/metrics/job/j", """
                    # HELP foo Foo help.
                    # TYPE foo counter
                    foo{a="1"} 1
                    # TYPE bar_total counter
                    bar_total 2
                    qux{a="",b="x"} 1
                    inst{instance="in-body"} 3
                    """).statusCode());
            assertEquals(200, h.send("PUT", "/metrics/job/k/instance/i", "grouped{instance=\"\"} 4\n").statusCode());
            HttpResponse<String> r = h.send("GET", "/metrics", null);
            // The Pushgateway does not offer OpenMetrics: whatever is accepted, the text format.
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
            String pushed = r.body().lines().filter(l -> !l.contains("push_time_seconds") && !l.contains("push_failure"))
                    .collect(Collectors.joining("\n", "", "\n"));
            // What prometheus-pushgateway 1.5.1 exposes for the same pushes.
            assertEquals("""
                    # TYPE bar_total counter
                    bar_total{instance="",job="j"} 2
                    # HELP foo Foo help.
                    # TYPE foo counter
                    foo{a="1",instance="",job="j"} 1
                    # TYPE grouped untyped
                    grouped{instance="i",job="k"} 4
                    # TYPE inst untyped
                    inst{instance="in-body",job="j"} 3
                    # TYPE qux untyped
                    qux{a="",b="x",instance="",job="j"} 1
                    """, pushed);
            assertTrue(r.body().contains("push_failure_time_seconds{instance=\"\",job=\"j\"} 0\n"), r.body());
            assertTrue(r.body().contains("push_failure_time_seconds{instance=\"i\",job=\"k\"} 0\n"), r.body());

            String json = h.get("/api/v1/metrics");
            assertTrue(json.contains("{\"labels\":{\"a\":\"\",\"b\":\"x\",\"instance\":\"\",\"job\":\"j\"},\"value\":\"1\"}"), json);
        }
    }

    @Test
    void deleteRemovesOnlyItsGroup() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            h.send("PUT", "/metrics/job/a", "x 1\n");
            h.send("PUT", "/metrics/job/a/instance/i", "x 2\n");
            assertEquals(202, h.send("DELETE", "/metrics/job/a", null).statusCode());
            String metrics = h.get("/metrics");
            assertFalse(metrics.contains("x{instance=\"\",job=\"a\"}"), metrics);
            assertTrue(metrics.contains("x{instance=\"i\",job=\"a\"} 2"), metrics);
            assertEquals(202, h.send("DELETE", "/metrics/job/nothing", null).statusCode());
        }
    }

    @Test
    void base64GroupingKeysAndGroupingLabelsOverrideBodyLabels() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            // path=/var/tmp, job=a/b, and an empty value written as "="
            assertEquals(200, h.send("PUT", "/metrics/job@base64/YS9i/path@base64/L3Zhci90bXA/empty@base64/=",
                    "x{path=\"overridden\",other=\"kept\"} 1\n").statusCode());
            String metrics = h.get("/metrics");
            assertTrue(metrics.contains("x{instance=\"\",job=\"a/b\",other=\"kept\",path=\"/var/tmp\"} 1"), metrics);
        }
    }

    @Test
    void badGroupingKeysAndBodiesAreRefusedWithThePushgatewaysMessages() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            HttpResponse<String> r = h.send("PUT", "/metrics/job/a/instance", "x 1\n");
            assertEquals(400, r.statusCode());
            assertEquals("odd number of components in label string \"/instance\"\n", r.body());
            r = h.send("PUT", "/metrics/job/a/__x/1", "x 1\n");
            assertEquals(400, r.statusCode());
            assertEquals("improper label name \"__x\"\n", r.body());
            r = h.send("PUT", "/metrics/job@base64/!!!", "x 1\n");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().startsWith("invalid base64 encoding in job name \"!!!\""), r.body());
            r = h.send("PUT", "/metrics/job/a", "x{ 1\n");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().startsWith("text format parsing error in line 1"), r.body());
            r = h.send("PUT", "/metrics/job/a", "x 1 1700000000000\n");
            assertEquals(400, r.statusCode());
            assertEquals("pushed metrics are invalid or inconsistent with existing metrics: "
                    + "pushed metrics must not have timestamps\n", r.body());
            assertEquals(404, h.send("GET", "/nothing", null).statusCode());
            assertEquals(405, h.send("PATCH", "/metrics/job/a", "x 1\n").statusCode());
        }
    }

    @Test
    void aTypeConflictWithAnotherGroupIsRefusedAndChangesNothing() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            assertEquals(200, h.send("PUT", "/metrics/job/a", "# TYPE foo counter\nfoo 1\n").statusCode());
            assertEquals(200, h.send("PUT", "/metrics/job/b", "bar 1\n").statusCode());
            HttpResponse<String> r = h.send("PUT", "/metrics/job/b", "# TYPE foo gauge\nfoo 2\n");
            assertEquals(400, r.statusCode());
            assertEquals("pushed metrics are invalid or inconsistent with existing metrics: "
                    + "gathered metric family foo has type GAUGE but should have COUNTER\n", r.body());
            String metrics = h.get("/metrics");
            assertTrue(metrics.contains("bar{instance=\"\",job=\"b\"} 1"), "the refused PUT replaced the group: " + metrics);
            assertFalse(metrics.contains("foo{instance=\"\",job=\"b\"}"), metrics);
            assertTrue(metrics.matches("(?s).*push_failure_time_seconds\\{instance=\"\",job=\"b\"} 1\\.[0-9.e+]+\n.*"), metrics);
            assertTrue(h.get("/api/v1/metrics").contains("\"last_push_successful\":false"));

            // The same series twice across groups is refused too.
            assertEquals(200, h.send("PUT", "/metrics/job/c", "dup{instance=\"x\"} 1\n").statusCode());
            r = h.send("PUT", "/metrics/job/c/instance/x", "dup 1\n");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("was collected before with the same name and label values"), r.body());
        }
    }

    @Test
    void consistencyCheckCanBeDisabled() throws Exception {
        try (Harness h = new Harness(Map.of("push.disable-consistency-check", true))) {
            assertEquals(202, h.send("PUT", "/metrics/job/a", "x 1\n").statusCode());
        }
    }

    @Test
    void apiMetricsStatusAndWipe() throws Exception {
        try (Harness h = new Harness(Map.of("web.enable-admin-api", true))) {
            h.send("PUT", "/metrics/job/batch", BODY + "# TYPE lat histogram\nlat_bucket{le=\"1\"} 2\nlat_bucket{le=\"+Inf\"} 3\n"
                    + "lat_sum 4.5\nlat_count 3\n");
            String json = h.get("/api/v1/metrics");
            assertTrue(json.startsWith("{\"status\":\"success\",\"data\":[{\"labels\":{\"job\":\"batch\"},"
                    + "\"last_push_successful\":true,"), json);
            assertTrue(json.contains("\"jobs_total\":{\"time_stamp\":\""), json);
            assertTrue(json.contains("\"type\":\"COUNTER\",\"help\":\"Jobs done.\",\"metrics\":[{\"labels\":"
                    + "{\"instance\":\"\",\"job\":\"batch\",\"queue\":\"a\"},\"value\":\"3\"}]"), json);
            assertTrue(json.contains("\"buckets\":{\"1\":\"2\",\"+Inf\":\"3\"},\"count\":\"3\",\"sum\":\"4.5\""), json);
            String status = h.get("/api/v1/status");
            assertTrue(status.contains("\"web.enable-admin-api\":\"true\""), status);
            assertTrue(status.contains("\"start_time\":"), status);
            assertEquals("OK\n", h.get("/-/healthy"));

            assertEquals(202, h.send("PUT", "/api/v1/admin/wipe", null).statusCode());
            assertFalse(h.get("/metrics").contains("batch"));
        }
        try (Harness h = new Harness(Map.of())) {
            assertEquals(404, h.send("PUT", "/api/v1/admin/wipe", null).statusCode());
        }
    }

    @Test
    void persistenceSurvivesARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pg/metrics.json");
        Map<String, Object> cfg = Map.of("persistence.file", file.toString(), "persistence.interval", "1h");
        String before;
        try (Harness h = new Harness(cfg)) {
            h.send("PUT", "/metrics/job/batch/instance/w1", BODY);
            h.send("PUT", "/metrics/job/other", "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 2\ns_count 3\ne{a=\"\"} 1\n");
            before = h.get("/metrics");
            assertTrue(before.contains("e{a=\"\",instance=\"\",job=\"other\"} 1\n"), before);
        }
        assertTrue(Files.exists(file), "deactivation writes the file");
        try (Harness h = new Harness(cfg)) {
            assertEquals(before, h.get("/metrics"));
        }
        Files.writeString(file, "{not json");
        try {
            new Harness(cfg).close();
            throw new AssertionError("a corrupt persistence file must stop the servlet from starting");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().startsWith("cannot restore the Pushgateway persistence file"), e.getMessage());
        }
    }
}
