package io.epimetheus.promql.engine;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.Prettier;
import io.epimetheus.promql.ast.ValueType;
import io.epimetheus.promql.parse.ParseException;
import io.epimetheus.promql.parse.Parser;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * The PromQL engine: parses queries and evaluates them against any {@link Queryable}. At most
 * {@link EngineSettings#maxConcurrentQueries()} queries evaluate at once; the others wait for a
 * slot within their timeout. Thread-safe.
 */
public final class PromqlEngine implements QueryEngine {

    private final EngineSettings settings;
    private final LongSupplier noStepSubqueryInterval;
    private final Semaphore slots;
    private final Set<Query> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public PromqlEngine(EngineSettings settings) {
        this(settings, settings::noStepSubqueryIntervalMillis);
    }

    /**
     * An engine whose subqueries without a step use the interval {@code noStepSubqueryInterval}
     * returns when a query starts (Prometheus's global evaluation interval, which a configuration
     * reload can change) instead of {@link EngineSettings#noStepSubqueryIntervalMillis()}.
     */
    public PromqlEngine(EngineSettings settings, LongSupplier noStepSubqueryInterval) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.noStepSubqueryInterval = Objects.requireNonNull(noStepSubqueryInterval, "noStepSubqueryInterval");
        this.slots = new Semaphore(settings.maxConcurrentQueries(), true);
    }

    EngineSettings settings() {
        return settings;
    }

    /** The step of subqueries written without one, in milliseconds, for a query starting now. */
    long noStepSubqueryIntervalMillis() {
        return noStepSubqueryInterval.getAsLong();
    }

    Semaphore slots() {
        return slots;
    }

    /** Registers a query that starts executing; fails if the engine is closed. */
    void started(Query q) {
        running.add(q);
        if (closed) {
            running.remove(q);
            throw new QueryException(ErrorType.UNAVAILABLE, "the query engine is stopping");
        }
    }

    void finished(Query q) {
        running.remove(q);
    }

    /** Cancels the running queries; queries started afterwards fail as unavailable. */
    public void close() {
        closed = true;
        for (Query q : running) {
            q.cancel();
        }
    }

    @Override
    public Query instantQuery(Queryable storage, String expr, long timeMillis, QueryOptions options) {
        Expr e = parse(expr);
        Expr prepared = Preprocessor.preprocess(e, timeMillis, timeMillis, 0);
        return new PromqlQuery(this, storage, expr, prepared, timeMillis, timeMillis, 0, orDefaults(options));
    }

    @Override
    public Query rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis,
            QueryOptions options) {
        if (stepMillis <= 0) {
            throw new QueryException(ErrorType.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (endMillis < startMillis) {
            throw new QueryException(ErrorType.BAD_DATA, "end timestamp must not be before start time");
        }
        Expr e = parse(expr);
        if (e.type() != ValueType.VECTOR && e.type() != ValueType.SCALAR) {
            throw new QueryException(ErrorType.BAD_DATA, "invalid expression type \"" + e.type().documented()
                    + "\" for range query, must be Scalar or instant Vector");
        }
        Expr prepared = Preprocessor.preprocess(e, startMillis, endMillis, stepMillis);
        return new PromqlQuery(this, storage, expr, prepared, startMillis, endMillis, stepMillis, orDefaults(options));
    }

    @Override
    public String formatQuery(String expr) {
        return Prettier.format(parse(expr));
    }

    /** Parses with the enabled language features; parse errors become {@link ErrorType#BAD_DATA}. */
    Expr parse(String expr) {
        try {
            return Parser.parseExpr(expr, settings.parserOptions());
        } catch (ParseException e) {
            throw new QueryException(ErrorType.BAD_DATA, e.getMessage(), e);
        }
    }

    private static QueryOptions orDefaults(QueryOptions options) {
        return options == null ? QueryOptions.DEFAULTS : options;
    }
}
