package io.epimetheus.api.query;

import io.epimetheus.api.storage.Queryable;

/**
 * Evaluates PromQL. Registered by the PromQL bundle; used by the HTTP API, rule evaluation and the
 * shell. The engine reads whatever {@link Queryable} the caller passes (usually the bound {@link
 * io.epimetheus.api.storage.Storage}), so a storage swap never requires re-creating the engine.
 *
 * <p>Threading: thread-safe; any number of queries may be created and run concurrently, subject
 * to the engine's concurrency limit. Each {@link Query} belongs to its caller.
 */
public interface QueryEngine {

    /**
     * Parses an instant query evaluated at {@code timeMillis}.
     *
     * @throws QueryException of type {@link ErrorType#BAD_DATA} if the expression does not parse
     */
    Query instantQuery(Queryable storage, String expr, long timeMillis, QueryOptions options);

    /**
     * Parses a range query over {@code [startMillis, endMillis]} at {@code stepMillis} resolution.
     *
     * @throws QueryException of type {@link ErrorType#BAD_DATA} if the expression does not parse
     *     or the expression type cannot be evaluated as a range (e.g. a range vector)
     */
    Query rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis,
            QueryOptions options);

    /**
     * The canonical, pretty-printed form of an expression ({@code /api/v1/format_query}).
     *
     * @throws QueryException of type {@link ErrorType#BAD_DATA} if it does not parse
     */
    String formatQuery(String expr);
}
