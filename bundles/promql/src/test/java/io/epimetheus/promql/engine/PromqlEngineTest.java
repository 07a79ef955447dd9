package io.epimetheus.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.api.query.Sample;
import io.epimetheus.api.query.Scalar;
import io.epimetheus.api.query.StringValue;
import io.epimetheus.api.query.Vector;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.promql.testing.MemoryStorage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour of the engine's API that the upstream scripts do not cover. */
class PromqlEngineTest {

    private final PromqlEngine engine = new PromqlEngine(EngineSettings.DEFAULTS);
    private final MemoryStorage storage = new MemoryStorage();

    @BeforeEach
    void load() {
        for (int i = 0; i <= 20; i++) {
            long t = i * 15_000L;
            storage.add(Labels.of("__name__", "req_total", "job", "b", "code", "200"), t, i * 10);
            storage.add(Labels.of("__name__", "req_total", "job", "a", "code", "500"), t, i);
            storage.add(Labels.of("__name__", "other_total", "job", "a", "code", "500"), t, i * 2);
        }
    }

    private QueryResult instant(String q, long t) {
        return engine.instantQuery(storage, q, t, QueryOptions.DEFAULTS).execute();
    }

    @Test
    void instantVectorsAreSortedByLabels() {
        List<Sample> s = ((Vector) instant("req_total", 300_000).value()).samples();
        assertEquals(Labels.of("__name__", "req_total", "job", "b", "code", "200"), s.get(0).metric());
        assertEquals(300_000, s.get(0).t());
        assertEquals(200, s.get(0).v());
    }

    /** Storage warnings (e.g. a remote_read endpoint that failed) reach the result as they were written. */
    @Test
    void storageWarningsBecomeResultWarnings() {
        Queryable warning = (mint, maxt) -> {
            Querier q = storage.querier(mint, maxt);
            return new Querier() {
                @Override
                public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                    SeriesSet set = q.select(sorted, hints, matchers);
                    return new SeriesSet() {
                        @Override
                        public boolean next() {
                            return set.next();
                        }

                        @Override
                        public Labels labels() {
                            return set.labels();
                        }

                        @Override
                        public SampleIterator iterator(SampleIterator reuse) {
                            return set.iterator(reuse);
                        }

                        @Override
                        public List<String> warnings() {
                            return List.of("remote_read http://r:9090/api/v1/read: connection refused");
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
        };
        QueryResult r = engine.instantQuery(warning, "sum(req_total) + sum(other_total)", 300_000,
                QueryOptions.DEFAULTS).execute();
        assertEquals(List.of("remote_read http://r:9090/api/v1/read: connection refused"), r.warnings());
        assertEquals(260, ((Vector) r.value()).samples().get(0).v());
    }

    @Test
    void sortKeepsItsOrder() {
        List<Sample> s = ((Vector) instant("sort_desc(req_total)", 300_000).value()).samples();
        assertEquals(200, s.get(0).v());
        assertEquals(20, s.get(1).v());
    }

    @Test
    void dropsTheMetricNameEagerlyByDefault() {
        QueryException e = assertThrows(QueryException.class,
                () -> instant("rate({__name__=~\".*_total\", job=\"a\"}[1m])", 300_000));
        assertEquals("vector cannot contain metrics with the same labelset", e.getMessage());
        List<Sample> s = ((Vector) instant("rate(req_total{job=\"a\"}[1m])", 300_000).value()).samples();
        assertEquals(Labels.of("job", "a", "code", "500"), s.get(0).metric());
    }

    @Test
    void delaysNameRemovalWhenConfigured() {
        EngineSettings d = EngineSettings.DEFAULTS;
        PromqlEngine delayed = new PromqlEngine(new EngineSettings(d.lookbackDeltaMillis(), d.timeoutMillis(),
                d.maxSamples(), d.maxConcurrentQueries(), d.noStepSubqueryIntervalMillis(), d.parserOptions(), true,
                false));
        QueryResult r = delayed.instantQuery(storage, "count(rate({__name__=~\".*_total\", job=\"a\"}[1m]))",
                300_000, QueryOptions.DEFAULTS).execute();
        assertEquals(2, ((Vector) r.value()).samples().get(0).v());
    }

    @Test
    void scalarsAndStrings() {
        Scalar s = (Scalar) instant("1 + 2 * 3", 1000).value();
        assertEquals(7, s.v());
        assertEquals(1000, s.t());
        assertEquals(new StringValue(1000, "x"), instant("(\"x\")", 1000).value());
    }

    @Test
    void rangeQueriesReturnSortedMatrices() {
        Matrix m = (Matrix) engine.rangeQuery(storage, "sum by (job) (req_total)", 0, 300_000, 60_000,
                QueryOptions.DEFAULTS).execute().value();
        assertEquals(2, m.series().size());
        assertEquals(Labels.of("job", "a"), m.series().get(0).metric());
        assertEquals(6, m.series().get(0).count());
        assertEquals(240_000, m.series().get(0).timestamps()[4]);
        assertEquals(16, m.series().get(0).values()[4]);
    }

    @Test
    void manyToOneMatchingNeedsUniqueResults() {
        QueryException e = assertThrows(QueryException.class, () -> instant(
                "{__name__=~\".*_total\", job=\"a\"} * on(job) group_left sum by (job) (req_total)", 300_000));
        assertEquals(ErrorType.EXECUTION, e.type());
        assertEquals("multiple matches for labels: grouping labels must ensure unique matches", e.getMessage());
        // The same result labels at different steps are not duplicates.
        Matrix m = (Matrix) engine.rangeQuery(storage, "req_total * on(job) group_left sum by (job) (req_total)", 0,
                300_000, 15_000, QueryOptions.DEFAULTS).execute().value();
        assertEquals(2, m.series().size());
        assertEquals(21, m.series().get(0).count());
        assertEquals(40_000, m.series().get(0).values()[20]);
    }

    @Test
    void rejectsRangeVectorsInRangeQueries() {
        QueryException e = assertThrows(QueryException.class,
                () -> engine.rangeQuery(storage, "req_total[5m]", 0, 60_000, 1000, QueryOptions.DEFAULTS));
        assertEquals(ErrorType.BAD_DATA, e.type());
        assertEquals("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector",
                e.getMessage());
    }

    @Test
    void parseErrorsAreBadData() {
        QueryException e = assertThrows(QueryException.class,
                () -> engine.instantQuery(storage, "sum(rate(x[5m])", 0, QueryOptions.DEFAULTS));
        assertEquals(ErrorType.BAD_DATA, e.type());
        assertEquals("1:16: parse error: unclosed left parenthesis", e.getMessage());
    }

    @Test
    void experimentalSyntaxNeedsItsOption() {
        QueryException e = assertThrows(QueryException.class,
                () -> engine.instantQuery(storage, "limitk(1, req_total)", 0, QueryOptions.DEFAULTS));
        assertEquals("1:1: parse error: limitk() is experimental and must be enabled with "
                + "--enable-feature=promql-experimental-functions", e.getMessage());
    }

    @Test
    void formatsQueries() {
        assertEquals("sum by (job) (rate(req_total{code=\"200\"}[5m]))",
                engine.formatQuery("sum(rate(req_total{code='200'}[5m]))by(job)"));
    }

    @Test
    void annotationsCarryTheirPosition() {
        QueryResult r = instant("rate(req_total[1m]) + rate(other_total[1m]) + rate(req_total[1m] offset 1m)",
                300_000);
        assertTrue(r.infos().isEmpty());
        QueryResult bad = instant("quantile(2, req_total)", 300_000);
        assertEquals(List.of("PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)"), bad.warnings());
    }

    @Test
    void countsSamplesInStatistics() {
        QueryResult r = instant("sum(req_total)", 300_000);
        assertTrue(r.stats().totalQueryableSamples() > 0);
        assertTrue(r.stats().peakSamples() > 0);
    }
}
