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

    /** The order and form of prometheus-pushgateway 1.5.1's /metrics for the same pushes (Go's text writer). */
    @Test
    void metricsAreSortedAndWrittenAsTheGoClientWritesThem() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            assertEquals(200, h.send("PUT", "/metrics/job/h", """
                    # TYPE hh histogram
                    hh_bucket{le="1.0"} 1
                    hh_bucket{le="10"} 2.7
                    hh_sum 3
                    # TYPE ss summary
                    ss{quantile="0.50"} 1
                    ss{quantile="0.9",x="b"} 2
                    ss_count{x="b"} 2.5
                    ss{quantile="0.1",x="a"} 0.5
                    # TYPE cc counter
                    cc_total{x="1"} 1.5e10
                    cc_total{x="2"} 1e21
                    cc_total{x="3"} NaN
                    cc_total{x="4"} +Inf
                    cc_total{x="5"} 0.000001
                    cc_total{x="6"} -0
                    # TYPE g gauge
                    g{z="b",a="2"} 1
                    g{z="a",a="2"} 2
                    g{a="10"} 3
                    g{a="9"} 4
                    g{a="é"} 5
                    g{a="Z"} 6
                    g{a="z"} 7
                    """).statusCode());
            assertEquals(200, h.send("PUT", "/metrics/job/h2", "# TYPE hh histogram\nhh_count 0\nhh_bucket{le=\"+Inf\"} 0\n")
                    .statusCode());
            String pushed = h.get("/metrics").lines().filter(l -> !l.contains("push_time_seconds") && !l.contains("push_failure"))
                    .collect(Collectors.joining("\n", "", "\n"));
            assertEquals("""
                    # TYPE cc_total untyped
                    cc_total{instance="",job="h",x="1"} 1.5e+10
                    cc_total{instance="",job="h",x="2"} 1e+21
                    cc_total{instance="",job="h",x="3"} NaN
                    cc_total{instance="",job="h",x="4"} +Inf
                    cc_total{instance="",job="h",x="5"} 1e-06
                    cc_total{instance="",job="h",x="6"} 0
                    # TYPE g gauge
                    g{a="10",instance="",job="h"} 3
                    g{a="9",instance="",job="h"} 4
                    g{a="Z",instance="",job="h"} 6
                    g{a="z",instance="",job="h"} 7
                    g{a="é",instance="",job="h"} 5
                    g{a="2",instance="",job="h",z="a"} 2
                    g{a="2",instance="",job="h",z="b"} 1
                    # TYPE hh histogram
                    hh_bucket{instance="",job="h",le="1"} 1
                    hh_bucket{instance="",job="h",le="10"} 2
                    hh_bucket{instance="",job="h",le="+Inf"} 0
                    hh_sum{instance="",job="h"} 3
                    hh_count{instance="",job="h"} 0
                    hh_bucket{instance="",job="h2",le="+Inf"} 0
                    hh_sum{instance="",job="h2"} 0
                    hh_count{instance="",job="h2"} 0
                    # TYPE ss summary
                    ss{instance="",job="h",quantile="0.5"} 1
                    ss_sum{instance="",job="h"} 0
                    ss_count{instance="",job="h"} 0
                    ss{instance="",job="h",x="a",quantile="0.1"} 0.5
                    ss_sum{instance="",job="h",x="a"} 0
                    ss_count{instance="",job="h",x="a"} 0
                    ss{instance="",job="h",x="b",quantile="0.9"} 2
                    ss_sum{instance="",job="h",x="b"} 0
                    ss_count{instance="",job="h",x="b"} 2
                    """, pushed);
        }
    }

    /** What Go's text parser does with samples the exposition rules would frown on: no error, as in the Pushgateway. */
    @Test
    void histogramAndSummarySamplesAreGroupedAsGosTextParserGroupsThem() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            assertEquals(200, h.send("PUT", "/metrics/job/p", """
                    # TYPE s summary
                    s{x="1"} 1
                    # TYPE h histogram
                    h_bucket{x="1"} 1
                    h{le="2"} 5
                    h_bucket{le="NaN"} 7
                    h_count{le="3"} -1
                    """).statusCode());
            String metrics = h.get("/metrics");
            assertTrue(metrics.contains("""
                    # TYPE h histogram
                    h_bucket{instance="",job="p",le="2"} 5
                    h_bucket{instance="",job="p",le="+Inf"} 1.8446744073709552e+19
                    h_sum{instance="",job="p"} 0
                    h_count{instance="",job="p"} 1.8446744073709552e+19
                    h_bucket{instance="",job="p",x="1",le="+Inf"} 0
                    h_sum{instance="",job="p",x="1"} 0
                    h_count{instance="",job="p",x="1"} 0
                    """), metrics);
            assertTrue(metrics.contains("# TYPE s summary\ns_sum{instance=\"\",job=\"p\",x=\"1\"} 0\n"
                    + "s_count{instance=\"\",job=\"p\",x=\"1\"} 0\n"), metrics);
            HttpResponse<String> r = h.send("PUT", "/metrics/job/p", "# TYPE s summary\ns{quantile=\"0x1p-2\"} 1\n");
            assertEquals(400, r.statusCode());
            assertEquals("text format parsing error in line 2: expected float as value for 'quantile' label, got \"0x1p-2\"\n",
                    r.body());
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
                    "x{path=\"overridden\",other=\"kept\",empty=\"1\"} 1\n").statusCode());
            String metrics = h.get("/metrics");
            assertTrue(metrics.contains("x{empty=\"\",instance=\"\",job=\"a/b\",other=\"kept\",path=\"/var/tmp\"} 1"), metrics);
            // Padding is optional and "==" is the empty value too; a later pair of a name wins.
            assertEquals(200, h.send("PUT", "/metrics/job/j/a@base64/YQ==/b/1/b@base64/==", "y 1\n").statusCode());
            metrics = h.get("/metrics");
            assertTrue(metrics.contains("y{a=\"a\",b=\"\",instance=\"\",job=\"j\"} 1"), metrics);
        }
    }

    @Test
    void anEmptyGroupingValueMakesAGroupOfItsOwn() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            assertEquals(200, h.send("PUT", "/metrics/job/j", "x 1\n").statusCode());
            assertEquals(200, h.send("PUT", "/metrics/job/j/a@base64/=", "x 2\n").statusCode());
            // A value-less label at the end of the path is the same empty value.
            assertEquals(200, h.send("POST", "/metrics/job/j/b/", "x 3\n").statusCode());
            String metrics = h.get("/metrics");
            // What prometheus-pushgateway 1.5.1 exposes (fewer labels first; the two groups with
            // three labels tie on their values and keep grouping-key order).
            assertTrue(metrics.contains("""
                    # TYPE x untyped
                    x{instance="",job="j"} 1
                    x{a="",instance="",job="j"} 2
                    x{b="",instance="",job="j"} 3
                    """), metrics);
            assertTrue(metrics.contains("push_time_seconds{a=\"\",instance=\"\",job=\"j\"} 1."), metrics);
            String json = h.get("/api/v1/metrics");
            assertTrue(json.contains("\"labels\":{\"a\":\"\",\"job\":\"j\"}"), json);

            // A body label that the empty grouping value overrides clashes with the other group's metric.
            assertEquals(200, h.send("PUT", "/metrics/job/k", "y{c=\"\"} 1\n").statusCode());
            HttpResponse<String> r = h.send("PUT", "/metrics/job/k/c@base64/=", "y{c=\"1\"} 1\n");
            assertEquals(400, r.statusCode());
            assertEquals("pushed metrics are invalid or inconsistent with existing metrics: collected metric \"y\" { "
                    + "label:<name:\"c\" value:\"\" > label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"k\" > "
                    + "untyped:<value:1 > } was collected before with the same name and label values\n", r.body());

            assertEquals(202, h.send("DELETE", "/metrics/job/j/a@base64/=", null).statusCode());
            metrics = h.get("/metrics");
            assertFalse(metrics.contains("a=\"\""), metrics);
            assertTrue(metrics.contains("x{instance=\"\",job=\"j\"} 1"), metrics);
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
            // Go's base64 errors; for the job, the Pushgateway quotes what it decoded before the error.
            r = h.send("PUT", "/metrics/job@base64/YWJj!", "x 1\n");
            assertEquals(400, r.statusCode());
            assertEquals("invalid base64 encoding in job name \"abc\": illegal base64 data at input byte 4\n", r.body());
            r = h.send("PUT", "/metrics/job@base64/____!", "x 1\n");
            assertEquals("invalid base64 encoding in job name \"\\xff\\xff\\xff\": illegal base64 data at input byte 4\n",
                    r.body());
            r = h.send("PUT", "/metrics/job/j/a@base64/YQ=a", "x 1\n");
            assertEquals("invalid base64 encoding for label a=\"YQ=a\": illegal base64 data at input byte 2\n", r.body());
            r = h.send("PUT", "/metrics/job/j/a@base64/YWJjZ", "x 1\n");
            assertEquals("invalid base64 encoding for label a=\"YWJjZ\": illegal base64 data at input byte 4\n", r.body());
            r = h.send("PUT", "/metrics/job/j/a%22b/1", "x 1\n");
            assertEquals("improper label name \"a\\\"b\"\n", r.body());
            // An empty job, however written, and a missing value.
            for (String path : new String[] {"/metrics/job@base64/=", "/metrics/job@base64/==", "/metrics/job@base64/=/a/1"}) {
                r = h.send("PUT", path, "x 1\n");
                assertEquals(400, r.statusCode(), path);
                assertEquals("job name is required\n", r.body(), path);
            }
            r = h.send("PUT", "/metrics/job/j/a/1/b", "x 1\n");
            assertEquals("odd number of components in label string \"/a/1/b\"\n", r.body());
            // A value that is not UTF-8 is refused (the Pushgateway takes it and then fails every scrape).
            r = h.send("PUT", "/metrics/job/j/a@base64/_-8", "x 1\n");
            assertEquals(400, r.statusCode());
            assertEquals("base64 value \"_-8\" of label a decodes to \"\\xff\\xef\", which is not valid UTF-8\n", r.body());
            assertEquals(400, h.send("PUT", "/metrics/job/j/a/%FF", "x 1\n").statusCode());
            assertFalse(h.get("/metrics").contains("job=\"j\""), "refused pushes leave no group");
            r = h.send("PUT", "/metrics/job/a", "x{ 1\n");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().startsWith("text format parsing error in line 1"), r.body());
            r = h.send("PUT", "/metrics/job/a", "x 1 1700000000000\n");
            assertEquals(400, r.statusCode());
            assertEquals("pushed metrics are invalid or inconsistent with existing metrics: "
                    + "pushed metrics must not have timestamps\n", r.body());
            assertEquals(404, h.send("GET", "/nothing", null).statusCode());
            r = h.send("PATCH", "/metrics/job/a/b/c", "x 1\n");
            assertEquals(405, r.statusCode());
            assertEquals("DELETE, OPTIONS, POST, PUT", r.headers().firstValue("Allow").orElseThrow());
            assertEquals(405, h.send("GET", "/metrics/job/a", null).statusCode());
        }
    }

    @Test
    void aTypeConflictWithAnotherGroupIsRefusedAndChangesNothing() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            assertEquals(200, h.send("PUT", "/metrics/job/a", "# TYPE foo counter\nfoo 1\n").statusCode());
            assertEquals(200, h.send("PUT", "/metrics/job/b", "bar 1\n").statusCode());
            HttpResponse<String> r = h.send("PUT", "/metrics/job/b", "# TYPE foo gauge\nfoo 2\n");
            assertEquals(400, r.statusCode());
            assertEquals("pushed metrics are invalid or inconsistent with existing metrics: collected metric \"foo\" { "
                    + "label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"b\" > gauge:<value:2 > } "
                    + "is not a COUNTER\n", r.body());
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
            // A group is a Go map: its keys (fields and family names) come sorted.
            assertTrue(json.startsWith("{\"status\":\"success\",\"data\":[{\"jobs_total\":{\"time_stamp\":\""), json);
            assertTrue(json.contains("\"type\":\"COUNTER\",\"help\":\"Jobs done.\",\"metrics\":[{\"labels\":"
                    + "{\"instance\":\"\",\"job\":\"batch\",\"queue\":\"a\"},\"value\":\"3\"}]},\"labels\":{\"job\":\"batch\"},"
                    + "\"last_push_successful\":true,\"lat\":"), json);
            assertTrue(json.contains("{\"buckets\":{\"+Inf\":\"3\",\"1\":\"2\"},\"count\":\"3\",\"labels\":{\"instance\":\"\","
                    + "\"job\":\"batch\"},\"sum\":\"4.5\"}"), json);
            // A push time never set has the time the group was created, as the Pushgateway gives it.
            assertFalse(json.contains("1970-01-01"), json);
            // Strings escaped as Go's json.Marshal escapes them (what prometheus-pushgateway 1.5.1 answers).
            assertEquals(200, h.send("PUT", "/metrics/job/esc", "x{a=\"<&>\u0001\b\f\t\u2028é\"} 1\n").statusCode());
            json = h.get("/api/v1/metrics");
            assertTrue(json.contains("\"labels\":{\"a\":\"\\u003c\\u0026\\u003e\\u0001\\u0008\\u000c\\t\\u2028é\","
                    + "\"instance\":\"\",\"job\":\"esc\"},\"value\":\"1\"}"), json);
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
            h.send("PUT", "/metrics/job/other/g@base64/=", "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_count -1\n"
                    + "# TYPE s summary\ns{quantile=\"0.9\"} NaN\n");
            // A failed push is kept: the conflicting type sets the group's failure time.
            assertEquals(400, h.send("PUT", "/metrics/job/other/g@base64/=", "# TYPE e gauge\ne 1\n").statusCode());
            before = h.get("/metrics");
            assertTrue(before.contains("e{a=\"\",instance=\"\",job=\"other\"} 1\n"), before);
            assertTrue(before.contains("h_count{g=\"\",instance=\"\",job=\"other\"} 1.8446744073709552e+19\n"), before);
            assertFalse(before.contains("push_failure_time_seconds{g=\"\",instance=\"\",job=\"other\"} 0\n"), before);
        }
        assertTrue(Files.exists(file), "deactivation writes the file");
        try (Harness h = new Harness(cfg)) {
            assertEquals(before, h.get("/metrics"));
        }
        String json;
        try (Harness h = new Harness(cfg)) {
            // What the Pushgateway's protobuf keeps: a sum or count that was not pushed stays unset. The
            // group {a="x",job="other"} comes first, so its counter sets the type of h.
            HttpResponse<String> r = h.send("PUT", "/metrics/job/other/a/x", "# TYPE h counter\nh 1\n");
            assertTrue(r.body().contains("histogram:<sample_count:18446744073709551615 bucket:<cumulative_count:1 "
                    + "upper_bound:0.5 > > } is not a COUNTER"), r.body());
            json = h.get("/api/v1/metrics");
        }
        try (Harness h = new Harness(cfg)) {
            assertEquals(json, h.get("/api/v1/metrics"));
        }
        Files.writeString(file, "{not json");
        try {
            new Harness(cfg).close();
            throw new AssertionError("a corrupt persistence file must stop the servlet from starting");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().startsWith("cannot restore the Pushgateway persistence file"), e.getMessage());
        }
    }

    /** Files of version 1 held the exposed samples one by one: they still load, as the same metrics. */
    @Test
    void aPersistenceFileOfVersion1StillLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v1.json");
        Files.writeString(file, """
                {"version":1,"groups":[{"labels":{"job":"old"},"push_time_seconds":"1.7E9","push_failure_time_seconds":"0.0",
                "families":[
                {"name":"c_total","type":"counter","help":"C.","timestamp_ms":1700000000000,"samples":[
                  {"name":"c_total","labels":{"job":"old"},"empty_labels":["instance"],"value":"1.0"}]},
                {"name":"h","type":"histogram","help":"","timestamp_ms":1700000000000,"samples":[
                  {"name":"h_bucket","labels":{"job":"old","le":"1.0"},"empty_labels":["instance"],"value":"2.0"},
                  {"name":"h_bucket","labels":{"job":"old","le":"+Inf"},"empty_labels":["instance"],"value":"3.0"},
                  {"name":"h_sum","labels":{"job":"old"},"empty_labels":["instance"],"value":"4.5"},
                  {"name":"h_count","labels":{"job":"old"},"empty_labels":["instance"],"value":"3.0"}]}]}]}
                """);
        try (Harness h = new Harness(Map.of("persistence.file", file.toString()))) {
            assertEquals("""
                    # HELP c_total C.
                    # TYPE c_total counter
                    c_total{instance="",job="old"} 1
                    # TYPE h histogram
                    h_bucket{instance="",job="old",le="1"} 2
                    h_bucket{instance="",job="old",le="+Inf"} 3
                    h_sum{instance="",job="old"} 4.5
                    h_count{instance="",job="old"} 3
                    # HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.
                    # TYPE push_failure_time_seconds gauge
                    push_failure_time_seconds{instance="",job="old"} 0
                    # HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.
                    # TYPE push_time_seconds gauge
                    push_time_seconds{instance="",job="old"} 1.7e+09
                    """, h.get("/metrics"));
        }
    }
}
