package io.epimetheus.promql.engine;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;

/** Cancellation and timeout of one query, checked at step and series boundaries. Thread-safe. */
final class Interrupts {

    private volatile boolean canceled;
    private volatile long deadlineNanos = Long.MAX_VALUE;

    void cancel() {
        canceled = true;
    }

    boolean isCanceled() {
        return canceled;
    }

    /** Starts the timeout clock. */
    void startTimeout(long timeoutMillis) {
        long now = System.nanoTime();
        long d = now + timeoutMillis * 1_000_000L;
        deadlineNanos = d < now ? Long.MAX_VALUE : d;
    }

    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    /**
     * Throws if the query was canceled or timed out.
     *
     * @param env where the query is, for the message: {@code expression evaluation}, {@code query queue}
     */
    void check(String env) {
        if (canceled) {
            throw new QueryException(ErrorType.CANCELED, "query was canceled in " + env);
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new QueryException(ErrorType.TIMEOUT, "query timed out in " + env);
        }
    }
}
