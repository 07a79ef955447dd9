package io.epimetheus.api.query;

/**
 * One prepared query. {@link #execute()} runs it once on the calling thread; {@link #cancel()}
 * may be called from any thread (e.g. when the HTTP client goes away) and makes a running {@code
 * execute} fail with {@link ErrorType#CANCELED}. {@link #close()} releases pooled buffers; the
 * result stays valid after closing.
 */
public interface Query extends AutoCloseable {

    /** The expression as given. */
    String expression();

    /**
     * Evaluates the query.
     *
     * @throws QueryException on timeout ({@link ErrorType#TIMEOUT}), cancellation ({@link
     *     ErrorType#CANCELED}), exceeded limits or evaluation errors ({@link ErrorType#EXECUTION})
     */
    QueryResult execute();

    /** Requests cancellation; thread-safe and idempotent. */
    void cancel();

    @Override
    void close();
}
