package io.epimetheus.shell.query;

import static io.epimetheus.shell.CommandOutput.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.api.query.QueryStats;
import io.epimetheus.api.query.QueryValue;
import io.epimetheus.api.query.Sample;
import io.epimetheus.api.query.Series;
import io.epimetheus.api.query.Vector;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryCommandsTest {

    /** An engine that answers every query with a fixed value and records the calls. */
    static final class FakeEngine implements QueryEngine {
        final List<String> calls = new ArrayList<>();
        final QueryValue value;

        FakeEngine(QueryValue value) {
            this.value = value;
        }

        private Query query(String expr) {
            if (expr.equals("bad(")) {
                throw new QueryException(ErrorType.BAD_DATA, "1:5: parse error: unclosed left parenthesis");
            }
            return new Query() {
                @Override
                public String expression() {
                    return expr;
                }

                @Override
                public QueryResult execute() {
                    return new QueryResult(value, List.of("PromQL warning: careful (1:1)"), List.of(), QueryStats.EMPTY);
                }

                @Override
                public void cancel() {
                    // nothing runs in the background
                }

                @Override
                public void close() {
                    // nothing to release
                }
            };
        }

        @Override
        public Query instantQuery(Queryable storage, String expr, long timeMillis, QueryOptions options) {
            calls.add("instant " + expr + " " + timeMillis);
            return query(expr);
        }

        @Override
        public Query rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis,
                QueryOptions options) {
            calls.add("range " + expr + " " + startMillis + " " + endMillis + " " + stepMillis);
            return query(expr);
        }

        @Override
        public String formatQuery(String expr) {
            return expr;
        }
    }

    static final Storage STORAGE = new Storage() {
        @Override
        public Appender appender() {
            throw new IllegalStateException("read-only test storage");
        }

        @Override
        public long minTime() {
            return Long.MAX_VALUE;
        }

        @Override
        public Querier querier(long mintMillis, long maxtMillis) {
            throw new IllegalStateException("the fake engine does not read");
        }
    };

    @Test
    void printsAnInstantVectorAsATable() throws Exception {
        FakeEngine engine = new FakeEngine(new Vector(List.of(new Sample(Labels.of("__name__", "up", "job", "node"),
                1_704_067_200_000L, 1))));
        QueryCommand c = new QueryCommand();
        c.engine = engine;
        c.storage = STORAGE;
        c.expr = "up";
        c.time = "2024-01-01T00:00:00Z";
        String out = capture(c);
        assertEquals(List.of("instant up 1704067200000"), engine.calls);
        assertTrue(out.contains("{__name__=\"up\", job=\"node\"}"), out);
        assertTrue(out.contains("1 series at 1704067200.000"), out);
        assertTrue(out.contains("Warning: PromQL warning: careful (1:1)"), out);
    }

    @Test
    void printsARangeResultWithDefaultRangeAndStep() throws Exception {
        FakeEngine engine = new FakeEngine(new Matrix(List.of(new Series(Labels.of("job", "node"),
                new long[] {1000, 2000}, new double[] {1.5, 2.5}, 2))));
        QueryRangeCommand c = new QueryRangeCommand();
        c.engine = engine;
        c.storage = STORAGE;
        c.expr = "sum by (job) (up)";
        c.end = "7200";
        String out = capture(c);
        assertEquals(List.of("range sum by (job) (up) 3600000 7200000 14000"), engine.calls);
        assertTrue(out.contains("2.5"), out);
        assertTrue(out.contains("1 series"), out);
    }

    @Test
    void reportsErrorsWithTheirType() throws Exception {
        QueryCommand c = new QueryCommand();
        c.engine = new FakeEngine(new Vector(List.of()));
        c.storage = STORAGE;
        c.expr = "bad(";
        assertEquals("Error (bad_data): 1:5: parse error: unclosed left parenthesis\n", capture(c).replace("\r", ""));
    }

    @Test
    void namesTheMissingFeature() throws Exception {
        QueryCommand c = new QueryCommand();
        c.storage = STORAGE;
        c.expr = "up";
        assertTrue(capture(c).contains("feature:install epimetheus-promql"));
    }

    @Test
    void parsesTimesLikeTheHttpApi() {
        assertEquals(1_704_067_200_500L, QueryOutput.parseTime("1704067200.5", 0));
        assertEquals(1_704_067_200_000L, QueryOutput.parseTime("2024-01-01T00:00:00Z", 0));
        assertEquals(42, QueryOutput.parseTime("now", 42));
        assertThrows(IllegalArgumentException.class, () -> QueryOutput.parseTime("yesterday", 0));
    }
}
