package io.epimetheus.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.query.Scalar;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.promql.engine.EngineSettings;
import io.epimetheus.promql.engine.PromqlEngine;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The query, series and label endpoints read the merged queryable ({@code
 * epimetheus.queryable=merged}, local storage plus {@code remote_read}) when one is bound and local
 * storage otherwise; the merged queryable's warnings (a remote endpoint that failed) are answered
 * in {@code warnings}.
 */
class MergedQueryableApiTest {

    private static final String REMOTE_DOWN = "remote_read http://127.0.0.1:1/api/v1/read: connection refused";

    private ApiTestServer api;
    private FakeStorage local;
    private FakeStorage remote;
    private WarningQueryable merged;

    @BeforeEach
    void start() throws Exception {
        api = new ApiTestServer();
        local = new FakeStorage();
        local.add(Labels.of("__name__", "up", "job", "local"), new long[] {1000}, new double[] {1});
        remote = new FakeStorage();
        remote.add(Labels.of("__name__", "up", "job", "local"), new long[] {1000}, new double[] {1});
        remote.add(Labels.of("__name__", "up", "job", "remote_only", "zone", "z1"), new long[] {1000}, new double[] {1});
        merged = new WarningQueryable(remote, List.of(REMOTE_DOWN));
        api.storage = local;
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void queriesReadTheMergedQueryableWhenBoundAndStorageOtherwise() throws Exception {
        FakeQueryEngine engine = new FakeQueryEngine();
        engine.results.put("1", new Scalar(1000, 1));
        api.engine = engine;
        api.get("/api/v1/query?query=1&time=1");
        assertSame(local, engine.lastQueryable());
        api.merged = merged;
        api.get("/api/v1/query?query=1&time=1");
        assertSame(merged, engine.lastQueryable());
        api.get("/api/v1/query_range?query=1&start=0&end=1&step=1");
        assertSame(merged, engine.lastQueryable());
    }

    @Test
    void mergedQueryableWarningsAreAnsweredOnceWithTheEnginesOwn() throws Exception {
        FakeQueryEngine engine = new FakeQueryEngine();
        engine.results.put("1", new Scalar(1000, 1));
        engine.selects.put("1", new Matcher[] {Matcher.equal("__name__", "up")});
        engine.warnings = List.of("PromQL info: engine's own", REMOTE_DOWN);
        api.engine = engine;
        api.merged = merged;
        JsonNode r = api.get("/api/v1/query?query=1&time=1").json();
        assertEquals("success", r.get("status").asText());
        assertEquals("[\"PromQL info: engine's own\",\"" + REMOTE_DOWN + "\"]", r.get("warnings").toString());
    }

    @Test
    void theRealEngineSurfacesWarningsOfTheSeriesItSelects() throws Exception {
        api.engine = new PromqlEngine(EngineSettings.DEFAULTS);
        api.merged = merged;
        JsonNode r = api.get("/api/v1/query?query=count(up)&time=1").json();
        assertEquals("2", r.get("data").get("result").get(0).get("value").get(1).asText(), r.toString());
        assertEquals("[\"" + REMOTE_DOWN + "\"]", r.get("warnings").toString());
        r = api.get("/api/v1/query_range?query=up&start=1&end=2&step=1").json();
        assertEquals(2, r.get("data").get("result").size(), r.toString());
        assertEquals("[\"" + REMOTE_DOWN + "\"]", r.get("warnings").toString());
        api.merged = null;
        r = api.get("/api/v1/query?query=count(up)&time=1").json();
        assertEquals("1", r.get("data").get("result").get(0).get("value").get(1).asText(), r.toString());
        assertTrue(r.get("warnings") == null, r.toString());
    }

    @Test
    void seriesAndLabelsReadTheMergedQueryable() throws Exception {
        api.merged = merged;
        JsonNode r = api.get("/api/v1/series?match[]=up&match[]=%7Bjob%3D~%22.%2B%22%7D").json();
        assertEquals("[{\"__name__\":\"up\",\"job\":\"local\"},{\"__name__\":\"up\",\"job\":\"remote_only\",\"zone\":\"z1\"}]",
                r.get("data").toString());
        assertEquals("[\"" + REMOTE_DOWN + "\"]", r.get("warnings").toString());
        assertEquals("[\"__name__\",\"job\",\"zone\"]", api.get("/api/v1/labels").json().get("data").toString());
        assertEquals("[\"local\",\"remote_only\"]", api.get("/api/v1/label/job/values").json().get("data").toString());
        api.merged = null;
        assertEquals("[\"__name__\",\"job\"]", api.get("/api/v1/labels").json().get("data").toString());
        assertEquals("[\"local\"]", api.get("/api/v1/label/job/values").json().get("data").toString());
    }

    /** A queryable over a storage whose every selection carries the given warnings, as the merged one does. */
    private static final class WarningQueryable implements Queryable {
        private final Queryable data;
        private final List<String> warnings;

        WarningQueryable(Queryable data, List<String> warnings) {
            this.data = data;
            this.warnings = warnings;
        }

        @Override
        public Querier querier(long mint, long maxt) {
            Querier q = data.querier(mint, maxt);
            return new Querier() {
                @Override
                public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                    SeriesSet s = q.select(sorted, hints, matchers);
                    return new SeriesSet() {
                        @Override
                        public boolean next() {
                            return s.next();
                        }

                        @Override
                        public Labels labels() {
                            return s.labels();
                        }

                        @Override
                        public SampleIterator iterator(SampleIterator reuse) {
                            return s.iterator(reuse);
                        }

                        @Override
                        public List<String> warnings() {
                            return warnings;
                        }
                    };
                }

                @Override
                public List<String> labelValues(String name, int limit, Matcher... matchers) {
                    return q.labelValues(name, limit, matchers);
                }

                @Override
                public List<String> labelNames(int limit, Matcher... matchers) {
                    return q.labelNames(limit, matchers);
                }

                @Override
                public void close() {
                    q.close();
                }
            };
        }
    }
}
