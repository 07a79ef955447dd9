package io.epimetheus.promql.engine;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;

/**
 * Counts the samples a query holds in memory, as Prometheus does, and fails the query with
 * Prometheus's message when the configured maximum is exceeded. Shared by an evaluation and the
 * evaluations of its subqueries.
 */
final class SampleBudget {

    static final String TOO_MANY_SAMPLES =
            "query processing would load too many samples into memory in query execution";

    private final long max;
    long current;
    long peak;
    /** Samples read from storage, for the statistics. */
    long loaded;

    SampleBudget(long max) {
        this.max = max;
    }

    void add(long n) {
        current += n;
        if (current > max) {
            throw tooMany();
        }
        if (current > peak) {
            peak = current;
        }
    }

    void set(long value) {
        current = value;
        if (current > peak) {
            peak = current;
        }
    }

    void check() {
        if (current > max) {
            throw tooMany();
        }
    }

    boolean wouldExceed(long n) {
        return current + n > max;
    }

    static QueryException tooMany() {
        return new QueryException(ErrorType.EXECUTION, TOO_MANY_SAMPLES);
    }
}
