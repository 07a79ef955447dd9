package io.epimetheus.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.Sample;
import io.epimetheus.api.query.Series;
import io.epimetheus.api.query.Vector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the requests Grafana's Prometheus data source sends (as its documentation and query
 * inspector show them: form-encoded POST for queries, seconds with fractions for times, the
 * metric browser's label calls, metadata, format_query and exemplars) and checks each answer has
 * the shape Grafana parses.
 */
class GrafanaReplayTest {

    private ApiTestServer api;
    private FakeQueryEngine engine;

    @BeforeEach
    void start() throws Exception {
        api = new ApiTestServer();
        engine = new FakeQueryEngine();
        FakeStorage storage = new FakeStorage();
        storage.add(Labels.of("__name__", "up", "job", "node", "instance", "n:9100"), new long[] {1_700_000_000_000L}, new double[] {1});
        storage.add(Labels.of("__name__", "node_load1", "job", "node", "instance", "n:9100"), new long[] {1_700_000_000_000L}, new double[] {0.5});
        api.storage = storage;
        api.engine = engine;
        engine.results.put("up", new Vector(List.of(new Sample(Labels.of("__name__", "up", "job", "node"), 1_700_000_000_000L, 1))));
        engine.results.put("rate(node_cpu_seconds_total{mode=\"idle\"}[$__rate_interval])".replace("$__rate_interval", "1m"),
                new Matrix(List.of(new Series(Labels.of("cpu", "0", "mode", "idle"),
                        new long[] {1_700_000_000_000L, 1_700_000_030_000L}, new double[] {0.9933333333333333, 0.98}, 2))));
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void healthCheckQuery() throws Exception {
        // Grafana's "Save & test" runs an instant query of 1+1 or up by POST.
        ApiTestServer.Reply r = api.post("/api/v1/query", "query=up&time=1700000000.123");
        assertEquals(200, r.status(), r.body());
        assertEquals("success", r.json().get("status").asText());
        assertEquals("vector", r.json().at("/data/resultType").asText());
    }

    @Test
    void rangeQueryAsGrafanaSendsIt() throws Exception {
        ApiTestServer.Reply r = api.post("/api/v1/query_range",
                "query=rate(node_cpu_seconds_total%7Bmode%3D%22idle%22%7D%5B1m%5D)&start=1700000000&end=1700000030&step=30");
        assertEquals(200, r.status(), r.body());
        JsonNode series = r.json().at("/data/result/0");
        assertEquals("idle", series.at("/metric/mode").asText());
        assertEquals(1700000000, series.at("/values/0/0").asLong());
        assertEquals("0.9933333333333333", series.at("/values/0/1").asText());
        assertEquals(30_000, engine.lastStep);
    }

    @Test
    void metricBrowserAndVariableQueries() throws Exception {
        // label_names(), label_values(job), label_values(up, instance), metrics(.*) and series lookups.
        JsonNode names = api.get("/api/v1/labels?start=1699996400&end=1700003600").json();
        assertEquals("[\"__name__\",\"instance\",\"job\"]", names.get("data").toString());
        JsonNode metrics = api.get("/api/v1/label/__name__/values?start=1699996400&end=1700003600").json();
        assertEquals("[\"node_load1\",\"up\"]", metrics.get("data").toString());
        JsonNode instances = api.get("/api/v1/label/instance/values?match%5B%5D=up&start=1699996400&end=1700003600").json();
        assertEquals("[\"n:9100\"]", instances.get("data").toString());
        JsonNode series = api.post("/api/v1/series", "match%5B%5D=%7B__name__%3D~%22node.*%22%7D&start=1699996400&end=1700003600").json();
        assertEquals("node_load1", series.at("/data/0/__name__").asText());
        JsonNode labelsByPost = api.post("/api/v1/labels", "match%5B%5D=up&start=1699996400&end=1700003600").json();
        assertEquals("success", labelsByPost.get("status").asText());
    }

    @Test
    void formatExemplarsRulesAndErrors() throws Exception {
        assertEquals("sum(up)", api.get("/api/v1/format_query?query=sum%28+up+%29").json().get("data").asText());
        assertTrue(api.get("/api/v1/query_exemplars?query=up&start=1699996400&end=1700003600").json().get("data").isArray());
        assertTrue(api.get("/api/v1/rules").json().at("/data/groups").isArray());
        // Grafana shows the "error" text of a failed query to the user.
        ApiTestServer.Reply bad = api.post("/api/v1/query_range", "query=up&start=1700000000&end=1700000030&step=0");
        assertEquals(400, bad.status());
        assertTrue(bad.json().get("error").asText().contains("zero or negative query resolution step widths"));
        // The metadata call is answered 503 without scraping; Grafana treats it as "no metadata".
        assertEquals("unavailable", api.get("/api/v1/metadata").json().get("errorType").asText());
    }
}
