package io.epimetheus.itest;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.api.query.QueryStats;
import io.epimetheus.api.query.Scalar;
import io.epimetheus.api.storage.Queryable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A query engine for the container: {@code probe} answers 42 at once (to see that the API uses this
 * engine), any other expression runs until it is cancelled, at most two minutes, recording that.
 */
final class BlockingQueryEngine implements QueryEngine {

    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public Query instantQuery(Queryable storage, String expr, long timeMillis, QueryOptions options) {
        return query(expr);
    }

    @Override
    public Query rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis,
            QueryOptions options) {
        return query(expr);
    }

    @Override
    public String formatQuery(String expr) {
        return expr;
    }

    private Query query(String expr) {
        return new Query() {
            private final CountDownLatch mine = new CountDownLatch(1);

            @Override
            public String expression() {
                return expr;
            }

            @Override
            public QueryResult execute() {
                if (!expr.equals("probe")) {
                    started.countDown();
                    try {
                        mine.await(2, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new QueryException(ErrorType.CANCELED, "query was canceled in expression evaluation");
                }
                return new QueryResult(new Scalar(0, 42), List.of(), List.of(), new QueryStats(0, 0, 0, 0, 0, 0));
            }

            @Override
            public void cancel() {
                mine.countDown();
                cancelled.countDown();
            }

            @Override
            public void close() {
            }
        };
    }
}
