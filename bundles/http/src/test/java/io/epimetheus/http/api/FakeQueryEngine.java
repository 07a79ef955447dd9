package io.epimetheus.http.api;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.api.query.QueryStats;
import io.epimetheus.api.query.QueryValue;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.SeriesSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A query engine for endpoint tests: answers canned results per expression, fails with PromQL's
 * errors for expressions registered as failing, and records what it was asked.
 */
final class FakeQueryEngine implements QueryEngine {

    final Map<String, QueryValue> results = new HashMap<>();
    final Map<String, QueryException> parseErrors = new HashMap<>();
    final Map<String, QueryException> execErrors = new HashMap<>();
    /** Selectors an expression reads from the queryable it is given, to its end, as an engine would. */
    final Map<String, Matcher[]> selects = new HashMap<>();
    List<String> warnings = List.of();
    volatile long lastTime;
    volatile long lastStart;
    volatile long lastEnd;
    volatile long lastStep;
    volatile QueryOptions lastOptions;
    volatile Queryable lastStorage;

    @Override
    public Query instantQuery(Queryable storage, String expr, long timeMillis, QueryOptions options) {
        check(expr);
        lastStorage = storage;
        lastTime = timeMillis;
        lastOptions = options;
        return query(expr, storage);
    }

    @Override
    public Query rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis,
            QueryOptions options) {
        check(expr);
        lastStorage = storage;
        lastStart = startMillis;
        lastEnd = endMillis;
        lastStep = stepMillis;
        lastOptions = options;
        return query(expr, storage);
    }

    /** The queryable the last query was given. */
    Queryable lastQueryable() {
        return lastStorage;
    }

    @Override
    public String formatQuery(String expr) {
        check(expr);
        return expr.replace(" ", "");
    }

    private void check(String expr) {
        if (expr.isEmpty()) {
            throw new QueryException(ErrorType.BAD_DATA, "1:1: parse error: no expression found in input");
        }
        QueryException e = parseErrors.get(expr);
        if (e != null) {
            throw e;
        }
    }

    private Query query(String expr, Queryable storage) {
        return new Query() {
            @Override
            public String expression() {
                return expr;
            }

            @Override
            public QueryResult execute() {
                QueryException e = execErrors.get(expr);
                if (e != null) {
                    throw e;
                }
                Matcher[] select = selects.get(expr);
                if (select != null) {
                    try (Querier q = storage.querier(0, Long.MAX_VALUE)) {
                        SeriesSet ss = q.select(true, null, select);
                        while (ss.next()) {
                            ss.labels();
                        }
                    }
                }
                QueryValue v = results.get(expr);
                if (v == null) {
                    throw new QueryException(ErrorType.EXECUTION, "no canned result for " + expr);
                }
                return new QueryResult(v, warnings, List.of(), new QueryStats(12, 3, 0.001, 0.002, 0, 0.004));
            }

            @Override
            public void cancel() {
            }

            @Override
            public void close() {
            }
        };
    }
}
