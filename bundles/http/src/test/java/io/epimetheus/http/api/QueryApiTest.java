package io.epimetheus.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.Sample;
import io.epimetheus.api.query.Scalar;
import io.epimetheus.api.query.Series;
import io.epimetheus.api.query.StringValue;
import io.epimetheus.api.query.Vector;
import io.epimetheus.http.TestSettings;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryApiTest {

    private ApiTestServer api;
    private FakeQueryEngine engine;
    private FakeStorage storage;

    @BeforeEach
    void start() throws Exception {
        api = new ApiTestServer();
        engine = new FakeQueryEngine();
        storage = new FakeStorage();
        api.engine = engine;
        api.storage = storage;
        engine.results.put("up", new Vector(List.of(
                new Sample(Labels.of("__name__", "up", "job", "a<b>&c", "instance", "x:9090"), 1435781451781L, 1),
                new Sample(Labels.of("__name__", "up", "job", "b"), 1435781451781L, 0))));
        engine.results.put("specials", new Vector(List.of(
                new Sample(Labels.of("v", "nan"), 1000, Double.NaN),
                new Sample(Labels.of("v", "inf"), 1000, Double.POSITIVE_INFINITY),
                new Sample(Labels.of("v", "-inf"), 1000, Double.NEGATIVE_INFINITY),
                new Sample(Labels.of("v", "small"), 1000, 1e-7),
                new Sample(Labels.of("v", "big"), 1000, 1e21),
                new Sample(Labels.of("v", "million"), 1000, 1e6),
                new Sample(Labels.of("v", "frac"), -1500, 0.1))));
        engine.results.put("1", new Scalar(1435781451000L, 1));
        engine.results.put("\"s\"", new StringValue(1435781451100L, "s"));
        engine.results.put("rate(x[5m])", new Matrix(List.of(
                new Series(Labels.of("__name__", "x", "a", "1"), new long[] {0, 15000, 30000, 99}, new double[] {1, 2.5, 3, 99}, 3),
                new Series(Labels.of("a", "2"), new long[0], new double[0], 0))));
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void instantVectorHasPrometheusShapeAndEscaping() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/query?query=up&time=1435781451.781");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"instance\":\"x:9090\",\"job\":\"a\\u003cb\\u003e\\u0026c\"},\"value\":[1435781451.781,\"1\"]},"
                + "{\"metric\":{\"__name__\":\"up\",\"job\":\"b\"},\"value\":[1435781451.781,\"0\"]}]}}", r.body());
        assertEquals(1435781451781L, engine.lastTime);
        assertEquals(storage, engine.lastQueryable());
    }

    @Test
    void valuesAreSpelledAsPrometheusSpellsThem() throws Exception {
        String body = api.get("/api/v1/query?query=specials&time=1").body();
        assertTrue(body.contains("[1,\"NaN\"]"), body);
        assertTrue(body.contains("[1,\"+Inf\"]"), body);
        assertTrue(body.contains("[1,\"-Inf\"]"), body);
        assertTrue(body.contains("[1,\"1e-07\"]"), body);
        assertTrue(body.contains("[1,\"1e+21\"]"), body);
        assertTrue(body.contains("[1,\"1000000\"]"), body);
        assertTrue(body.contains("[-1.5,\"0.1\"]"), body);
    }

    @Test
    void timeAcceptsRfc3339AndFloatsAndDefaultsToNow() throws Exception {
        assertEquals(200, api.get("/api/v1/query?query=up&time=2015-07-01T20:10:51.781Z").status());
        assertEquals(1435781451781L, engine.lastTime);
        assertEquals(200, api.get("/api/v1/query?query=up&time=2015-07-01T22:10:51%2B02:00").status());
        assertEquals(1435781451000L, engine.lastTime);
        assertEquals(200, api.get("/api/v1/query?query=up&time=1435781451.7815").status());
        assertEquals(1435781451782L, engine.lastTime);
        long before = System.currentTimeMillis();
        assertEquals(200, api.get("/api/v1/query?query=up").status());
        assertTrue(engine.lastTime >= before);
    }

    @Test
    void scalarAndString() throws Exception {
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1435781451,\"1\"]}}",
                api.get("/api/v1/query?query=1&time=1").body());
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1435781451.1,\"s\"]}}",
                api.get("/api/v1/query?query=%22s%22&time=1").body());
    }

    @Test
    void badTimeIsBadData() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/query?query=up&time=yesterday");
        assertEquals(400, r.status());
        assertEquals("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"time\\\": "
                + "invalid time value for 'time': cannot parse \\\"yesterday\\\" to a valid timestamp\"}", r.body());
        assertEquals(400, api.get("/api/v1/query?query=up&time=1d").status());
        assertEquals(400, api.get("/api/v1/query?query=up&time=0x10").status());
    }

    @Test
    void unparseableQueryIsBadDataNamingTheParameter() throws Exception {
        engine.parseErrors.put("sum(", new QueryException(ErrorType.BAD_DATA, "1:5: parse error: unclosed left parenthesis"));
        ApiTestServer.Reply r = api.get("/api/v1/query?query=sum(");
        assertEquals(400, r.status());
        assertEquals("invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis", r.json().get("error").asText());
        assertEquals("bad_data", r.json().get("errorType").asText());
    }

    @Test
    void executionErrorsKeepTheirTypeAndStatus() throws Exception {
        engine.execErrors.put("slow", new QueryException(ErrorType.TIMEOUT, "query timed out in expression evaluation"));
        engine.execErrors.put("bad", new QueryException(ErrorType.EXECUTION, "many-to-many matching not allowed"));
        engine.execErrors.put("gone", new QueryException(ErrorType.CANCELED, "query was canceled"));
        ApiTestServer.Reply r = api.get("/api/v1/query?query=slow");
        assertEquals(503, r.status());
        assertEquals("timeout", r.json().get("errorType").asText());
        r = api.get("/api/v1/query?query=bad");
        assertEquals(422, r.status());
        assertEquals("execution", r.json().get("errorType").asText());
        assertEquals("many-to-many matching not allowed", r.json().get("error").asText());
        // Prometheus 3 answers a canceled query with 499 (client closed request).
        assertEquals(499, api.get("/api/v1/query?query=gone").status());
    }

    @Test
    void missingServicesAnswerUnavailableNamingTheFeature() throws Exception {
        api.engine = null;
        ApiTestServer.Reply r = api.get("/api/v1/query?query=up");
        assertEquals(503, r.status());
        assertEquals("unavailable", r.json().get("errorType").asText());
        assertTrue(r.json().get("error").asText().contains("feature:install epimetheus-promql"));
        api.engine = engine;
        api.storage = null;
        r = api.get("/api/v1/query_range?query=up&start=0&end=10&step=1");
        assertEquals(503, r.status());
        assertTrue(r.json().get("error").asText().contains("feature:install epimetheus-tsdb"));
    }

    @Test
    void timeoutAndLookbackAndStatsReachTheEngine() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/query?query=up&timeout=1.5&lookback_delta=1m&stats=all");
        assertEquals(200, r.status(), r.body());
        assertEquals(1500, engine.lastOptions.timeoutMillis());
        assertEquals(60_000, engine.lastOptions.lookbackDeltaMillis());
        assertTrue(engine.lastOptions.enablePerStepStats());
        assertEquals(12, r.json().at("/data/stats/samples/totalQueryableSamples").asLong());
        assertEquals(0.004, r.json().at("/data/stats/timings/execTotalTime").asDouble());
        assertFalse(api.get("/api/v1/query?query=up").body().contains("stats"));
        r = api.get("/api/v1/query?query=up&timeout=soon");
        assertEquals(400, r.status());
        assertEquals("invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration", r.json().get("error").asText());
        r = api.get("/api/v1/query?query=up&stats=yes");
        assertTrue(r.json().get("warnings").get(0).asText().startsWith("value \"yes\" for parameter \"stats\" is deprecated"));
    }

    @Test
    void limitTruncatesWithAWarning() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/query?query=up&limit=1");
        assertEquals(1, r.json().at("/data/result").size());
        assertEquals("results truncated due to limit", r.json().get("warnings").get(0).asText());
        r = api.get("/api/v1/query?query=up&limit=-1");
        assertEquals(400, r.status());
        assertEquals("invalid parameter \"limit\": limit must be non-negative", r.json().get("error").asText());
        r = api.get("/api/v1/query?query=up&limit=x");
        assertEquals("invalid parameter \"limit\": strconv.Atoi: parsing \"x\": invalid syntax", r.json().get("error").asText());
    }

    @Test
    void engineWarningsAreReported() throws Exception {
        engine.warnings = List.of("PromQL info: metric might not be a counter");
        ApiTestServer.Reply r = api.get("/api/v1/query?query=up");
        assertEquals("PromQL info: metric might not be a counter", r.json().get("warnings").get(0).asText());
    }

    @Test
    void rangeQueryStreamsTheMatrix() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/query_range?query=rate(x%5B5m%5D)&start=0&end=30&step=15s");
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"__name__\":\"x\",\"a\":\"1\"},\"values\":[[0,\"1\"],[15,\"2.5\"],[30,\"3\"]]},"
                + "{\"metric\":{\"a\":\"2\"}}]}}", r.body());
        assertEquals(0, engine.lastStart);
        assertEquals(30_000, engine.lastEnd);
        assertEquals(15_000, engine.lastStep);
    }

    @Test
    void rangeQueryAcceptsFormEncodedPost() throws Exception {
        ApiTestServer.Reply r = api.post("/api/v1/query_range",
                "query=rate%28x%5B5m%5D%29&start=2015-07-01T20%3A10%3A30.781Z&end=2015-07-01T20%3A11%3A00.781Z&step=0.5");
        assertEquals(200, r.status(), r.body());
        assertEquals(500, engine.lastStep);
        assertEquals(1435781430781L, engine.lastStart);
    }

    @Test
    void rangeParameterErrors() throws Exception {
        assertError(api.get("/api/v1/query_range?query=up&start=x&end=1&step=1"), 400,
                "invalid parameter \"start\": cannot parse \"x\" to a valid timestamp");
        assertError(api.get("/api/v1/query_range?query=up&start=1&end=&step=1"), 400,
                "invalid parameter \"end\": cannot parse \"\" to a valid timestamp");
        assertError(api.get("/api/v1/query_range?query=up&start=10&end=1&step=1"), 400,
                "invalid parameter \"end\": end timestamp must not be before start time");
        assertError(api.get("/api/v1/query_range?query=up&start=1&end=10&step=abc"), 400,
                "invalid parameter \"step\": cannot parse \"abc\" to a valid duration");
        assertError(api.get("/api/v1/query_range?query=up&start=1&end=10&step=0"), 400,
                "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
        assertError(api.get("/api/v1/query_range?query=up&start=1&end=10&step=-1"), 400,
                "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
    }

    @Test
    void rangeRefusesMoreThan11000PointsPerSeries() throws Exception {
        assertError(api.get("/api/v1/query_range?query=up&start=0&end=11001&step=1"), 400,
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        engine.results.put("up2", new Matrix(List.of()));
        assertEquals(200, api.get("/api/v1/query_range?query=up2&start=0&end=11000&step=1").status());
    }

    @Test
    void formatQuery() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/format_query?query=sum(%20up%20)");
        assertEquals("{\"status\":\"success\",\"data\":\"sum(up)\"}", r.body());
        assertError(api.get("/api/v1/format_query?query="), 400,
                "invalid parameter \"query\": 1:1: parse error: no expression found in input");
    }

    @Test
    void parseQueryEmbedsTheEnginesTree() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/parse_query?query=up");
        assertEquals(503, r.status());
        assertTrue(r.json().get("error").asText().contains("SyntaxTreeService"));
        api.syntaxTrees = expr -> {
            if (expr.equals("up")) {
                return "{\"type\":\"vectorSelector\",\"name\":\"up\"}";
            }
            throw new QueryException(ErrorType.BAD_DATA, "1:3: parse error: unexpected end of input");
        };
        assertEquals("{\"status\":\"success\",\"data\":{\"type\":\"vectorSelector\",\"name\":\"up\"}}",
                api.post("/api/v1/parse_query", "query=up").body());
        assertError(api.get("/api/v1/parse_query?query=up%2B"), 400,
                "invalid parameter \"query\": 1:3: parse error: unexpected end of input");
    }

    @Test
    void queryExemplarsValidatesAndAnswersEmpty() throws Exception {
        assertEquals("{\"status\":\"success\",\"data\":[]}", api.get("/api/v1/query_exemplars?query=up&start=1&end=2").body());
        assertError(api.get("/api/v1/query_exemplars?query=up&start=3&end=2"), 400,
                "end timestamp must not be before start timestamp");
    }

    @Test
    void storageClosingIsRetryable() throws Exception {
        storage.failing = true;
        ApiTestServer.Reply r = api.get("/api/v1/labels");
        assertEquals(503, r.status());
        assertEquals("unavailable", r.json().get("errorType").asText());
    }

    @Test
    void routingAndCors() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/nope");
        assertEquals(404, r.status());
        assertEquals("404 page not found\n", r.body());
        assertEquals(405, api.method("DELETE", "/api/v1/query").status());
        assertEquals(405, api.post("/api/v1/targets", "").status());
        r = api.method("OPTIONS", "/api/v1/query");
        assertEquals(204, r.status());
        r = api.get("/api/v1/query?query=up", "Origin", "https://grafana.example");
        assertEquals("*", r.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST, OPTIONS", r.header("Access-Control-Allow-Methods"));
        assertEquals("Origin", r.header("Vary"));
    }

    @Test
    void corsOriginRegexIsAnchored() throws Exception {
        try (ApiTestServer restricted = new ApiTestServer(new TestSettings().corsOrigin("https://grafana\\.example"))) {
            restricted.engine = engine;
            restricted.storage = storage;
            assertEquals("https://grafana.example", restricted.get("/api/v1/query?query=up", "Origin",
                    "https://grafana.example").header("Access-Control-Allow-Origin"));
            assertEquals(null, restricted.get("/api/v1/query?query=up", "Origin",
                    "https://grafana.example.evil").header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + api.port()
                        + "/api/v1/query?query=up&time=1435781451.781")).header("Accept-Encoding", "gzip, deflate").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
        String body;
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
            body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertEquals(api.get("/api/v1/query?query=up&time=1435781451.781").body(), body);
        java.net.http.HttpResponse<byte[]> err = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + api.port()
                        + "/api/v1/query?query=up&time=x")).header("Accept-Encoding", "gzip").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(400, err.statusCode());
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(err.body()))) {
            assertTrue(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).contains("bad_data"));
        }
    }

    static void assertError(ApiTestServer.Reply r, int status, String message) throws Exception {
        assertEquals(status, r.status(), r.body());
        assertEquals("error", r.json().get("status").asText());
        assertEquals(message, r.json().get("error").asText());
    }
}
