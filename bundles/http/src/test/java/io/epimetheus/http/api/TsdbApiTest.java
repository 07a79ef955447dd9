package io.epimetheus.http.api;

import static io.epimetheus.http.api.QueryApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.StorageAdmin;
import io.epimetheus.http.TestSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsdbApiTest {

    /** Records what the admin endpoints ask of the storage. */
    static final class FakeAdmin implements StorageAdmin {
        final List<String> calls = new ArrayList<>();

        @Override
        public TsdbStatus status(int limit) {
            calls.add("status " + limit);
            return new TsdbStatus(new HeadStats(2, 5, 2, 1000, 2000), List.of(new Stat("up", 2)),
                    List.of(new Stat("instance", 2)), List.of(new Stat("instance", 20)), List.of(new Stat("job=node", 2)));
        }

        @Override
        public List<BlockInfo> blocks() {
            return List.of(new BlockInfo("01HXYZ", 0, 7_200_000, 100, 2, 2, 0, 1, 1234));
        }

        @Override
        public String snapshot(boolean skipHead) {
            calls.add("snapshot " + skipHead);
            return "20240101T000000Z-0123456789abcdef";
        }

        @Override
        public void compact() {
        }

        @Override
        public void deleteSeries(long mint, long maxt, Matcher... matchers) {
            calls.add("delete " + mint + " " + maxt + " " + List.of(matchers));
        }

        @Override
        public void cleanTombstones() {
            calls.add("clean");
        }

        @Override
        public WalReplayStatus walReplay() {
            return new WalReplayStatus(0, 3, 3, true, 2, 100, 12, null, 0);
        }

        @Override
        public StorageInfo info() {
            return new StorageInfo("/data", "15d or 512MiB", 15L * 86_400_000, 512L << 20);
        }
    }

    @Test
    void statusEndpoints() throws Exception {
        try (ApiTestServer api = new ApiTestServer()) {
            assertEquals(503, api.get("/api/v1/status/tsdb").status());
            FakeAdmin admin = new FakeAdmin();
            api.storageAdmin = admin;
            assertEquals("{\"status\":\"success\",\"data\":{\"headStats\":{\"numSeries\":2,\"numLabelPairs\":5,\"chunkCount\":2,"
                    + "\"minTime\":1000,\"maxTime\":2000},\"seriesCountByMetricName\":[{\"name\":\"up\",\"value\":2}],"
                    + "\"labelValueCountByLabelName\":[{\"name\":\"instance\",\"value\":2}],\"memoryInBytesByLabelName\":"
                    + "[{\"name\":\"instance\",\"value\":20}],\"seriesCountByLabelValuePair\":[{\"name\":\"job=node\",\"value\":2}]}}",
                    api.get("/api/v1/status/tsdb").body());
            assertEquals("status 10", admin.calls.get(0));
            api.get("/api/v1/status/tsdb?limit=3");
            assertEquals("status 3", admin.calls.get(1));
            assertError(api.get("/api/v1/status/tsdb?limit=0"), 400, "limit must be a positive number");
            assertError(api.get("/api/v1/status/tsdb?limit=10001"), 400, "limit must not exceed 10000");
            assertEquals("{\"status\":\"success\",\"data\":{\"min\":0,\"max\":3,\"current\":3}}", api.get("/api/v1/status/walreplay").body());
            assertEquals("01HXYZ", api.get("/api/v1/status/tsdb/blocks").json().at("/data/blocks/0/ulid").asText());
            assertEquals("15d or 512MiB", api.get("/api/v1/status/runtimeinfo").json().at("/data/storageRetention").asText());
        }
    }

    @Test
    void adminEndpointsOnlyWhenEnabled() throws Exception {
        try (ApiTestServer api = new ApiTestServer()) {
            api.storageAdmin = new FakeAdmin();
            ApiTestServer.Reply r = api.post("/api/v1/admin/tsdb/snapshot", "");
            assertEquals(500, r.status());
            assertEquals("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"admin APIs disabled\"}", r.body());
            assertEquals(500, api.post("/api/v1/admin/tsdb/delete_series", "match%5B%5D=up").status());
            assertEquals(405, api.get("/api/v1/admin/tsdb/snapshot").status());
        }
        try (ApiTestServer api = new ApiTestServer(new TestSettings().admin(true))) {
            FakeAdmin admin = new FakeAdmin();
            api.storageAdmin = admin;
            ApiTestServer.Reply r = api.post("/api/v1/admin/tsdb/snapshot", "skip_head=true");
            assertEquals("{\"status\":\"success\",\"data\":{\"name\":\"20240101T000000Z-0123456789abcdef\"}}", r.body());
            assertEquals("snapshot true", admin.calls.get(0));
            assertError(api.post("/api/v1/admin/tsdb/snapshot", "skip_head=maybe"), 400,
                    "invalid parameter \"skip_head\": unable to parse boolean: strconv.ParseBool: parsing \"maybe\": invalid syntax");
            r = api.post("/api/v1/admin/tsdb/delete_series", "match%5B%5D=up%7Bjob%3D%22a%22%7D&start=1&end=2");
            assertEquals(204, r.status());
            assertTrue(admin.calls.get(1).startsWith("delete 1000 2000 "), admin.calls.get(1));
            assertError(api.post("/api/v1/admin/tsdb/delete_series", ""), 400, "no match[] parameter provided");
            assertEquals(204, api.method("PUT", "/api/v1/admin/tsdb/clean_tombstones").status());
            assertEquals("clean", admin.calls.get(2));
        }
    }
}
