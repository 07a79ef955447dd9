package io.epimetheus.http.api;

import static io.epimetheus.http.api.QueryApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.api.model.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeriesApiTest {

    private ApiTestServer api;
    private FakeStorage storage;

    @BeforeEach
    void start() throws Exception {
        api = new ApiTestServer();
        storage = new FakeStorage();
        api.storage = storage;
        storage.add(Labels.of("__name__", "up", "job", "api", "instance", "a:1"), new long[] {1000, 2000}, new double[] {1, 1});
        storage.add(Labels.of("__name__", "up", "job", "db", "instance", "b:1"), new long[] {1000}, new double[] {0});
        storage.add(Labels.of("__name__", "http_requests_total", "job", "api", "code", "200"), new long[] {5000}, new double[] {7});
        storage.add(Labels.of("__name__", "weird.name", "my.label", "x"), new long[] {5000}, new double[] {7});
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void seriesMergesMatchSetsSortedAndDistinct() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/series?match[]=up&match[]=%7Bjob%3D%22api%22%7D");
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"status\":\"success\",\"data\":["
                + "{\"__name__\":\"http_requests_total\",\"code\":\"200\",\"job\":\"api\"},"
                + "{\"__name__\":\"up\",\"instance\":\"a:1\",\"job\":\"api\"},"
                + "{\"__name__\":\"up\",\"instance\":\"b:1\",\"job\":\"db\"}]}", r.body());
    }

    @Test
    void seriesHonoursTimeRangeAndLimit() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/series?match[]=up&start=1.5&end=3");
        assertEquals(1, r.json().get("data").size());
        assertEquals(1500, storage.lastMint);
        r = api.get("/api/v1/series?match[]=up&limit=1");
        assertEquals(1, r.json().get("data").size());
        assertEquals("results truncated due to limit", r.json().get("warnings").get(0).asText());
    }

    @Test
    void seriesErrors() throws Exception {
        assertError(api.get("/api/v1/series"), 400, "no match[] parameter provided");
        assertError(api.get("/api/v1/series?match[]=up%7B"), 400,
                "invalid parameter \"match[]\": 1:4: parse error: unexpected end of input inside braces");
        assertError(api.get("/api/v1/series?match[]=%7Bjob%3D%22%22%7D"), 400,
                "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher");
        assertError(api.get("/api/v1/series?match[]=up&start=x"), 400,
                "invalid parameter \"start\": invalid time value for 'start': cannot parse \"x\" to a valid timestamp");
    }

    @Test
    void seriesByPost() throws Exception {
        ApiTestServer.Reply r = api.post("/api/v1/series", "match%5B%5D=http_requests_total&start=0");
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().get("data").size());
    }

    @Test
    void labelNames() throws Exception {
        assertEquals("{\"status\":\"success\",\"data\":[\"__name__\",\"code\",\"instance\",\"job\",\"my.label\"]}",
                api.get("/api/v1/labels").body());
        assertEquals("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}",
                api.get("/api/v1/labels?match[]=up").body());
        ApiTestServer.Reply r = api.get("/api/v1/labels?limit=2");
        assertEquals(2, r.json().get("data").size());
        assertEquals("results truncated due to limit", r.json().get("warnings").get(0).asText());
        assertError(api.get("/api/v1/labels?match[]=%7B%7D"), 400, "match[] must contain at least one non-empty matcher");
    }

    @Test
    void labelValues() throws Exception {
        assertEquals("{\"status\":\"success\",\"data\":[\"api\",\"db\"]}", api.get("/api/v1/label/job/values").body());
        assertEquals("{\"status\":\"success\",\"data\":[\"db\"]}",
                api.get("/api/v1/label/job/values?match[]=up%7Binstance%3D%22b%3A1%22%7D").body());
        assertEquals("{\"status\":\"success\",\"data\":[\"http_requests_total\",\"up\",\"weird.name\"]}",
                api.get("/api/v1/label/__name__/values").body());
        assertEquals("{\"status\":\"success\",\"data\":[]}", api.get("/api/v1/label/nothing/values").body());
        // Value-encoding escaped UTF-8 name: U__my_2e_label is "my.label".
        assertEquals("{\"status\":\"success\",\"data\":[\"x\"]}", api.get("/api/v1/label/U__my_2e_label/values").body());
        assertEquals(405, api.post("/api/v1/label/job/values", "").status());
    }

    @Test
    void metadataEndpointsNeedStorage() throws Exception {
        api.storage = null;
        assertEquals(503, api.get("/api/v1/labels").status());
        assertEquals(503, api.get("/api/v1/series?match[]=up").status());
        assertEquals(503, api.get("/api/v1/label/job/values").status());
    }
}
