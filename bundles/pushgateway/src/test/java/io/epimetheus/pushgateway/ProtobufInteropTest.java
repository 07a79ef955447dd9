package io.epimetheus.pushgateway;

import static io.epimetheus.pushgateway.ProtoBody.COUNTER;
import static io.epimetheus.pushgateway.ProtoBody.GAUGE;
import static io.epimetheus.pushgateway.ProtoBody.HISTOGRAM;
import static io.epimetheus.pushgateway.ProtoBody.SUMMARY;
import static io.epimetheus.pushgateway.ProtoBody.UNTYPED;
import static io.epimetheus.pushgateway.ProtoBody.body;
import static io.epimetheus.pushgateway.ProtoBody.counter;
import static io.epimetheus.pushgateway.ProtoBody.family;
import static io.epimetheus.pushgateway.ProtoBody.gauge;
import static io.epimetheus.pushgateway.ProtoBody.histogram;
import static io.epimetheus.pushgateway.ProtoBody.summary;
import static io.epimetheus.pushgateway.ProtoBody.untyped;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protobuf pushes (as the Go client's {@code push} package sends them) to Debian's {@code
 * prometheus-pushgateway} and to our servlet, step by step: every step gets the same status (and
 * the same answer where the Pushgateway's is deterministic and in its own wording), and after every
 * step both {@code GET /metrics} bodies are byte for byte the same once Debian's own families are
 * left out ({@link DebianServer#pushedMetrics}), and so are the {@code /api/v1/metrics} documents
 * as {@link PythonClientInteropTest#apiMetrics} compares them. Skipped when the package is absent
 * unless {@code -Dinterop.required=true}.
 */
class ProtobufInteropTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /**
     * One request and the status both answer. {@code sameAnswer}: whether the answer bodies compare
     * too (not where the Pushgateway names whichever of two families its Go map yields first, or
     * words a decoding error in Go's terms).
     */
    private record Step(String name, String method, String path, String contentType, byte[] body, int status,
            boolean sameAnswer) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("put counters, gauge, untyped with an empty label", "PUT", "/metrics/job/pb", ProtoBody.CONTENT_TYPE,
                    body(family("requests_total", "Requests.", COUNTER, counter(5, "code", "200"), counter(1, "code", "500")),
                            family("temperature", "Temperature.", GAUGE, gauge(21.5)),
                            family("plain", null, UNTYPED, untyped(3, "a", "", "b", "x")),
                            family("legacy", "A counter without _total.", COUNTER, counter(2))),
                    200, true),
            new Step("post summaries and histograms", "POST", "/metrics/job/pb", ProtoBody.CONTENT_TYPE,
                    body(family("latency_seconds", "Latency.", SUMMARY,
                                    summary(10, 4.5, new double[][] {{0.5, 0.2}, {0.9, 0.7}}, "method", "get"),
                                    summary(3, 1.5, new double[][] {{0.5, 0.4}}, "method", "post")),
                            family("no_quantiles", "A summary without quantiles.", SUMMARY, summary(2, 1, new double[0][])),
                            family("sizes_bytes", "Without +Inf, as the Go client sends.", HISTOGRAM,
                                    histogram(7, 3000, new double[][] {{100, 2}, {1000, 5}})),
                            family("durations_seconds", "With a +Inf bucket of its own.", HISTOGRAM,
                                    histogram(5, 2.5, new double[][] {{1, 1}, {INF, 4}}, "path", "/a")),
                            family("bucketless", "Without buckets.", HISTOGRAM, histogram(3, 1, new double[0][]))),
                    200, true),
            new Step("special values", "PUT", "/metrics/job/special", ProtoBody.CONTENT_TYPE,
                    body(family("odd_values", "NaN, infinities, -0, tiny and huge.", GAUGE, gauge(Double.NaN, "v", "nan"),
                                    gauge(INF, "v", "inf"), gauge(Double.NEGATIVE_INFINITY, "v", "-inf"), gauge(-0.0, "v", "-0"),
                                    gauge(1e-300, "v", "tiny"), gauge(1.7976931348623157e308, "v", "huge"), gauge(0.1, "v", "0.1")),
                            family("odd_summary", "Odd quantiles.", SUMMARY,
                                    summary(1, Double.NaN, new double[][] {{0.001, Double.NaN}, {1, INF}})),
                            family("odd_buckets", "Odd bounds.", HISTOGRAM,
                                    histogram(9, -1.5, new double[][] {{-INF, 0}, {-1, 1}, {1e-9, 2}, {1e21, 3}}))),
                    200, true),
            new Step("grouping labels replace body labels", "POST", "/metrics/job/pb/instance/i1", ProtoBody.CONTENT_TYPE,
                    body(family("overridden", "Job and instance from the path.", GAUGE,
                            gauge(1, "job", "other", "instance", "x", "zone", "eu"))),
                    200, true),
            new Step("parameters in another order, case and quoting", "PUT", "/metrics/job/quoted",
                    "Application/Vnd.Google.Protobuf ;Encoding=\"delimited\"; PROTO=io.prometheus.client.MetricFamily",
                    body(family("quoted", "Read as protobuf.", GAUGE, gauge(7))), 200, true),
            new Step("a group with an empty grouping value", "PUT", "/metrics/job/pb/a@base64/=", ProtoBody.CONTENT_TYPE,
                    body(family("empty_group", "In a group with a=\"\".", COUNTER, counter(1))), 200, true),
            new Step("a later family of the same name replaces the earlier", "PUT", "/metrics/job/dup", ProtoBody.CONTENT_TYPE,
                    body(family("twice", "First.", GAUGE, gauge(1, "n", "1")),
                            family("twice", "Second.", COUNTER, counter(2, "n", "2"))),
                    200, true),
            new Step("two summary metrics with the same labels stay two", "PUT", "/metrics/job/same", ProtoBody.CONTENT_TYPE,
                    body(family("s", "Two metrics.", SUMMARY, summary(1, 1, new double[][] {{0.5, 1}}, "k", "v"),
                            summary(2, 2, new double[][] {{0.5, 2}}, "k", "v"))),
                    400, true),
            new Step("a gauge named like the count of a later summary", "PUT", "/metrics/job/regroup", ProtoBody.CONTENT_TYPE,
                    body(family("q_count", "A gauge.", GAUGE, gauge(4)),
                            family("q", "A summary.", SUMMARY, summary(2, 1, new double[][] {{0.5, 0.5}}))),
                    400, false),
            new Step("timestamps", "PUT", "/metrics/job/ts", ProtoBody.CONTENT_TYPE,
                    body(family("stamped", "With a timestamp.", GAUGE, gauge(1).timestamp(1_700_000_000_000L))), 400, true),
            new Step("an empty body makes an empty group", "PUT", "/metrics/job/nothing", ProtoBody.CONTENT_TYPE, new byte[0],
                    200, true),
            new Step("a truncated body", "PUT", "/metrics/job/bad", ProtoBody.CONTENT_TYPE,
                    Arrays.copyOf(body(family("cut", "Cut short.", GAUGE, gauge(1))), 10), 400, false),
            new Step("protobuf with another encoding is read as text", "PUT", "/metrics/job/enc",
                    "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text",
                    body(family("binary", "Not text.", GAUGE, gauge(1))), 400, false),
            new Step("replace the whole group", "PUT", "/metrics/job/pb", ProtoBody.CONTENT_TYPE,
                    body(family("temperature", "Temperature.", GAUGE, gauge(22))), 200, true),
            new Step("a text push replaces a family pushed in protobuf", "POST", "/metrics/job/pb", "text/plain; version=0.0.4",
                    "# TYPE temperature gauge\ntemperature{room=\"b\"} 23\n".getBytes(StandardCharsets.UTF_8), 200, true),
            new Step("delete", "DELETE", "/metrics/job/pb/instance/i1", ProtoBody.CONTENT_TYPE, new byte[0], 202, true));

    @Test
    void protobufPushesGiveTheSameStateAsTheRealPushgateway(@TempDir Path dir) throws Exception {
        try (DebianServer pg = DebianServer.pushgateway(dir); Harness h = new Harness(Map.of())) {
            for (Step step : STEPS) {
                HttpResponse<String> real = DebianServer.send(step.method(), pg.url + step.path(), step.contentType(), step.body());
                HttpResponse<String> ours = h.send(step.method(), step.path(), step.contentType(), step.body());
                assertEquals(step.status(), real.statusCode(), step.name() + ", the Pushgateway: " + real.body());
                assertEquals(real.statusCode(), ours.statusCode(), step.name() + ": " + real.body() + " / " + ours.body());
                if (step.sameAnswer()) {
                    assertEquals(real.body(), ours.body(), step.name());
                }
                assertEquals(DebianServer.pushedMetrics(DebianServer.get(pg.url + "/metrics")),
                        DebianServer.pushedMetrics(h.get("/metrics")), "GET /metrics after: " + step.name());
                assertEquals(PythonClientInteropTest.apiMetrics(DebianServer.get(pg.url + "/api/v1/metrics")),
                        PythonClientInteropTest.apiMetrics(h.get("/api/v1/metrics")), "GET /api/v1/metrics after: " + step.name());
            }
        }
    }
}
