package io.epimetheus.pushgateway;

import static io.epimetheus.pushgateway.ProtoBody.COUNTER;
import static io.epimetheus.pushgateway.ProtoBody.GAUGE;
import static io.epimetheus.pushgateway.ProtoBody.GAUGE_HISTOGRAM;
import static io.epimetheus.pushgateway.ProtoBody.HISTOGRAM;
import static io.epimetheus.pushgateway.ProtoBody.SUMMARY;
import static io.epimetheus.pushgateway.ProtoBody.UNTYPED;
import static io.epimetheus.pushgateway.ProtoBody.body;
import static io.epimetheus.pushgateway.ProtoBody.counter;
import static io.epimetheus.pushgateway.ProtoBody.family;
import static io.epimetheus.pushgateway.ProtoBody.gauge;
import static io.epimetheus.pushgateway.ProtoBody.histogram;
import static io.epimetheus.pushgateway.ProtoBody.metric;
import static io.epimetheus.pushgateway.ProtoBody.summary;
import static io.epimetheus.pushgateway.ProtoBody.untyped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionFormat;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Pushes in the delimited protobuf format, as the Go client's {@code push} package sends them. */
class ProtobufPushTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final LabelPairs JOB = LabelPairs.of(Map.of("job", "j"));

    @Test
    void countersGaugesAndUntypedAreStoredAsTheSameTextPush() throws Exception {
        byte[] proto = body(family("requests_total", "Requests.", COUNTER, counter(5, "code", "200"), counter(1, "code", "500")),
                family("temperature", "Temperature \\ \"x\"\nnext.", GAUGE, gauge(-21.5, "room", "a\"b\\c\nd")),
                family("plain", null, UNTYPED, untyped(1e6, "a", "", "b", "x")),
                family("legacy", "No _total.", COUNTER, counter(2)));
        String text = """
                # HELP requests_total Requests.
                # TYPE requests_total counter
                requests_total{code="200"} 5
                requests_total{code="500"} 1
                # HELP temperature Temperature \\\\ "x"\\nnext.
                # TYPE temperature gauge
                temperature{room="a\\"b\\\\c\\nd"} -21.5
                plain{a="",b="x"} 1e6
                # HELP legacy No _total.
                # TYPE legacy counter
                legacy 2
                """;
        try (Harness p = new Harness(Map.of()); Harness t = new Harness(Map.of())) {
            assertEquals(200, p.send("PUT", "/metrics/job/j/instance/i", ProtoBody.CONTENT_TYPE, proto).statusCode());
            assertEquals(200, t.send("PUT", "/metrics/job/j/instance/i", text).statusCode());
            assertEquals(pushed(t.get("/metrics")), pushed(p.get("/metrics")));
            assertTrue(p.get("/metrics").contains("plain{a=\"\",b=\"x\",instance=\"i\",job=\"j\"} 1e+06\n"), p.get("/metrics"));
            assertEquals(PythonClientInteropTest.apiMetrics(t.get("/api/v1/metrics")),
                    PythonClientInteropTest.apiMetrics(p.get("/api/v1/metrics")));
        }
    }

    @Test
    void summariesAndHistogramsKeepWhatTheMessageHolds() throws Exception {
        byte[] proto = body(family("latency", "Latency.", SUMMARY,
                        summary(10, 4.5, new double[][] {{0.5, 0.2}, {0.99, 0.7}}, "m", "get")),
                family("sizes", "No +Inf bucket.", HISTOGRAM, histogram(7, 3000, new double[][] {{100, 2}, {1000, 5}})),
                family("own_inf", "A +Inf bucket of its own.", HISTOGRAM, histogram(5, 2.5, new double[][] {{1, 1}, {INF, 4}})),
                family("bucketless", "No buckets.", HISTOGRAM, histogram(3, 1, new double[0][])));
        try (Harness h = new Harness(Map.of())) {
            assertEquals(200, h.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE, proto).statusCode());
            assertEquals("""
                    # HELP bucketless No buckets.
                    # TYPE bucketless histogram
                    bucketless_bucket{instance="",job="j",le="+Inf"} 3
                    bucketless_sum{instance="",job="j"} 1
                    bucketless_count{instance="",job="j"} 3
                    # HELP latency Latency.
                    # TYPE latency summary
                    latency{instance="",job="j",m="get",quantile="0.5"} 0.2
                    latency{instance="",job="j",m="get",quantile="0.99"} 0.7
                    latency_sum{instance="",job="j",m="get"} 4.5
                    latency_count{instance="",job="j",m="get"} 10
                    # HELP own_inf A +Inf bucket of its own.
                    # TYPE own_inf histogram
                    own_inf_bucket{instance="",job="j",le="1"} 1
                    own_inf_bucket{instance="",job="j",le="+Inf"} 4
                    own_inf_sum{instance="",job="j"} 2.5
                    own_inf_count{instance="",job="j"} 5
                    # HELP sizes No +Inf bucket.
                    # TYPE sizes histogram
                    sizes_bucket{instance="",job="j",le="100"} 2
                    sizes_bucket{instance="",job="j",le="1000"} 5
                    sizes_bucket{instance="",job="j",le="+Inf"} 7
                    sizes_sum{instance="",job="j"} 3000
                    sizes_count{instance="",job="j"} 7
                    """, pushed(h.get("/metrics")));
            String json = h.get("/api/v1/metrics");
            // The Pushgateway lists the buckets the message has: none added for +Inf.
            assertTrue(json.contains("\"buckets\":{\"100\":\"2\",\"1000\":\"5\"}"), json);
            assertTrue(json.contains("\"buckets\":{\"+Inf\":\"4\",\"1\":\"1\"}"), json);
            assertTrue(json.contains("\"buckets\":{}"), json);
        }
    }

    /** The documented ambiguity: a +Inf bucket holding the count looks like the one the parser adds. */
    @Test
    void aPlusInfBucketHoldingTheCountIsNotListed() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            h.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE,
                    body(family("h", "H.", HISTOGRAM, histogram(4, 2, new double[][] {{1, 1}, {INF, 4}}))));
            assertTrue(h.get("/metrics").contains("h_bucket{instance=\"\",job=\"j\",le=\"+Inf\"} 4\n"));
            String json = h.get("/api/v1/metrics");
            assertTrue(json.contains("\"buckets\":{\"1\":\"1\"}"), json);
        }
    }

    @Test
    void groupingLabelsReplaceBodyLabelsAndInstanceIsAdded() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            assertEquals(200, h.send("POST", "/metrics/job/j/zone/eu", ProtoBody.CONTENT_TYPE,
                    body(family("g", "G.", GAUGE, gauge(1, "job", "other", "zone", "us", "x", "1")))).statusCode());
            assertTrue(h.get("/metrics").contains("g{instance=\"\",job=\"j\",x=\"1\",zone=\"eu\"} 1\n"), h.get("/metrics"));
        }
    }

    @Test
    void timestampsAreRefusedAsInTheTextFormat() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            h.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE, body(family("g", "G.", GAUGE, gauge(1))));
            HttpResponse<String> r = h.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE,
                    body(family("g", "G.", GAUGE, gauge(2).timestamp(1_700_000_000_000L))));
            assertEquals(400, r.statusCode());
            assertEquals("pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must not have timestamps\n",
                    r.body());
            String metrics = h.get("/metrics");
            assertTrue(metrics.contains("g{instance=\"\",job=\"j\"} 1\n"), metrics);
            assertFalse(metrics.contains("push_failure_time_seconds{instance=\"\",job=\"j\"} 0\n"), metrics);
        }
    }

    /**
     * In the text format an untyped sample {@code q_count} after {@code # TYPE q summary} is the
     * summary's count; in protobuf a family {@code q_count} is its own family wherever it comes,
     * and the summary's {@code _count} is the summary's.
     */
    @Test
    void everySeriesBelongsToTheMessageItCameIn() throws Exception {
        byte[] proto = body(family("q_count", "A gauge.", GAUGE, gauge(4)),
                family("q", "A summary.", SUMMARY, summary(2, 1, new double[][] {{0.5, 0.5}})),
                family("h_bucket", null, UNTYPED, untyped(9, "le", "1")),
                family("h", "A histogram.", HISTOGRAM, histogram(3, 1, new double[][] {{1, 2}})),
                family("h_sum", null, COUNTER, counter(8)));
        Map<String, PushedFamily> families = new PushBodyParser(ExpositionFormat.PROTOBUF).parse(proto, proto.length, JOB)
                .families();
        assertEquals(MetricType.GAUGE, families.get("q_count").type());
        assertEquals(4, families.get("q_count").metrics().get(0).value());
        PushedMetric q = families.get("q").metrics().get(0);
        assertEquals(2, q.count());
        assertEquals(1, q.points());
        assertEquals(MetricType.UNKNOWN, families.get("h_bucket").type());
        assertEquals("{instance=\"\", job=\"j\", le=\"1\"}", families.get("h_bucket").metrics().get(0).labels().toString());
        PushedMetric h = families.get("h").metrics().get(0);
        assertEquals(3, h.count());
        assertEquals(1, h.sum());
        assertEquals(1, h.points());
        assertEquals(MetricType.COUNTER, families.get("h_sum").type());

        byte[] text = "# TYPE q summary\nq{quantile=\"0.5\"} 0.5\nq_sum 1\nq_count 2\n".getBytes();
        Map<String, PushedFamily> fromText = new PushBodyParser(ExpositionFormat.PROMETHEUS_TEXT).parse(text, text.length, JOB)
                .families();
        assertEquals(1, fromText.size(), "the text format joins q_count to the summary");

        try (Harness checked = new Harness(Map.of()); Harness unchecked = new Harness(Map.of("push.disable-consistency-check", true))) {
            HttpResponse<String> r = checked.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE, proto);
            assertEquals(400, r.statusCode());
            assertTrue(r.body().startsWith("pushed metrics are invalid or inconsistent with existing metrics: 3 error(s) occurred:"),
                    r.body());
            assertTrue(r.body().contains("collected metric named \"q_count\" collides with previously collected summary named \"q\""),
                    r.body());
            assertEquals(202, unchecked.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE, proto).statusCode());
            String metrics = unchecked.get("/metrics");
            assertTrue(metrics.contains("# TYPE q_count gauge\nq_count{instance=\"\",job=\"j\"} 4\n"), metrics);
            assertTrue(metrics.contains("q_count{instance=\"\",job=\"j\"} 2\n"), metrics);
        }
    }

    @Test
    void eachMetricMessageIsOneMetric() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            HttpResponse<String> r = h.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE, body(family("s", "S.", SUMMARY,
                    summary(1, 1, new double[][] {{0.5, 1}}, "k", "v"), summary(2, 2, new double[0][], "k", "v"))));
            assertEquals("pushed metrics are invalid or inconsistent with existing metrics: collected metric \"s\" { "
                    + "label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"j\" > label:<name:\"k\" value:\"v\" > "
                    + "summary:<sample_count:2 sample_sum:2 > } was collected before with the same name and label values\n", r.body());
            assertEquals(400, r.statusCode());
        }
    }

    @Test
    void aLaterFamilyOfTheSameNameReplacesTheEarlier() throws Exception {
        byte[] proto = body(family("twice", "First.", GAUGE, gauge(1, "n", "1")), family("other", "O.", GAUGE, gauge(3)),
                family("twice", "Second.", COUNTER, counter(2, "n", "2")));
        Map<String, PushedFamily> families = new PushBodyParser(ExpositionFormat.PROTOBUF).parse(proto, proto.length, JOB)
                .families();
        PushedFamily twice = families.get("twice");
        assertEquals(MetricType.COUNTER, twice.type());
        assertEquals("Second.", twice.help());
        assertEquals(1, twice.metrics().size());
        assertEquals(2, twice.metrics().get(0).value());
        assertEquals(2, families.size());
    }

    @Test
    void aQuantileLabelOnASummaryWithoutQuantilesIsLeftToTheConsistencyCheck() throws Exception {
        try (Harness h = new Harness(Map.of())) {
            HttpResponse<String> r = h.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE,
                    body(family("s", "S.", SUMMARY, summary(1, 2, new double[0][], "quantile", "0.5"))));
            assertEquals(400, r.statusCode());
            assertTrue(r.body().endsWith("summary:<sample_count:1 sample_sum:2 > } must not have an explicit \"quantile\" label\n"),
                    r.body());
        }
    }

    @Test
    void malformedBodiesGet400AndChangeNothing() throws Exception {
        byte[] good = body(family("g", "G.", GAUGE, gauge(1)));
        byte[] badUtf8 = body(family("g", "G.", GAUGE, metric().message(1, new ProtoBody.Message().string(1, "a")
                .bytes(2, new byte[] {(byte) 0xC3})).message(2, new ProtoBody.Message().fixed64(1, 1))));
        byte[] wrongWireType = body(family("g", "G.", GAUGE, metric().message(2, new ProtoBody.Message().varint(1, 1))));
        Map<byte[], String> cases = Map.of(
                Arrays.copyOf(good, good.length - 3), "protobuf format parsing error: clientpb: insufficient length of buffer",
                badUtf8, "protobuf format parsing error: invalid label value: \"\\xc3\" of label \"a\" in metric \"g\"",
                wrongWireType, "protobuf format parsing error: ",
                body(family("g", "G.", GAUGE, gauge(1, "a", "1", "a", "2"))),
                "protobuf format parsing error: label name \"a\" is not unique",
                body(family("a-b", "G.", GAUGE, gauge(1))), "protobuf format parsing error: invalid metric name \"a-b\"",
                body(family("g", "G.", GAUGE, gauge(1, "__x", "1"))),
                "protobuf format parsing error: invalid label name \"__x\" in metric \"g\"",
                body(family("gh", "G.", GAUGE_HISTOGRAM, histogram(1, 1, new double[0][]))),
                "protobuf format parsing error: unsupported metric type gaugehistogram for metric name \"gh\"");
        try (Harness h = new Harness(Map.of())) {
            assertEquals(200, h.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE, good).statusCode());
            String before = h.get("/metrics");
            HttpResponse<String> cut = h.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE, Arrays.copyOf(good, 10));
            assertEquals("protobuf format parsing error: clientpb: insufficient length of buffer, expected at least " + good.length
                    + " bytes, got 10 bytes (at byte 0)\n", cut.body());
            assertEquals(400, cut.statusCode());
            for (Map.Entry<byte[], String> c : cases.entrySet()) {
                HttpResponse<String> r = h.send("PUT", "/metrics/job/j", ProtoBody.CONTENT_TYPE, c.getKey());
                assertEquals(400, r.statusCode(), r.body());
                assertTrue(r.body().startsWith(c.getValue()), r.body());
                assertEquals(before, h.get("/metrics"), "nothing stored after " + r.body());
            }
        }
    }

    @Test
    void gzipCompressedProtobuf() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(body(family("g", "G.", GAUGE, gauge(5))));
        }
        try (Harness h = new Harness(Map.of())) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(h.base + "/metrics/job/z"))
                    .header("Content-Type", ProtoBody.CONTENT_TYPE).header("Content-Encoding", "gzip")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(h.get("/metrics").contains("g{instance=\"\",job=\"z\"} 5\n"));
        }
    }

    @Test
    void theContentTypeChoosesTheFormatAsThePushgatewayChooses() throws Exception {
        String p = ExpositionFormat.PROTOBUF.name();
        String t = ExpositionFormat.PROMETHEUS_TEXT.name();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(ProtoBody.CONTENT_TYPE, p);
        cases.put("APPLICATION/vnd.google.protobuf;encoding=delimited;proto=io.prometheus.client.MetricFamily", p);
        cases.put(" application/vnd.google.protobuf ; ENCODING = \"delimited\" ; Proto=\"io.prometheus.client.MetricFamily\" ;", p);
        cases.put("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; x=y", p);
        cases.put("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; "
                + "encoding=delimited", p);
        cases.put("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text", t);
        cases.put("application/vnd.google.protobuf; proto=io.prometheus.client.metricfamily; encoding=delimited", t);
        cases.put("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=Delimited", t);
        cases.put("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily", t);
        cases.put("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; "
                + "encoding=text", t);
        cases.put("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; ;", t);
        cases.put("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; x", t);
        cases.put("application/vnd.google.protobuf; proto=\"io.prometheus.client.MetricFamily; encoding=delimited", t);
        cases.put("application/vnd.google.protobuf2; proto=io.prometheus.client.MetricFamily; encoding=delimited", t);
        cases.put("text/plain; version=0.0.4", t);
        cases.put("", t);
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertEquals(c.getValue(), PushContentType.formatOf(c.getKey()).name(), c.getKey());
        }
        assertEquals(t, PushContentType.formatOf(null).name());
        assertThrows(IllegalArgumentException.class, () -> new PushBodyParser(ExpositionFormat.OPENMETRICS));
    }

    /** The body without the push time families (whose values are the push instants). */
    private static String pushed(String exposition) {
        StringBuilder out = new StringBuilder();
        exposition.lines().filter(l -> !l.contains("push_time_seconds") && !l.contains("push_failure_time_seconds"))
                .forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
