package io.epimetheus.promql.engine;

import io.epimetheus.promql.parse.ParserOptions;

/**
 * The configuration of a {@link PromqlEngine}, with Prometheus's defaults.
 *
 * @param lookbackDeltaMillis how far back an instant selector looks for a sample (5m)
 * @param timeoutMillis the maximum time a query may take, queueing included (2m)
 * @param maxSamples the most samples a query may hold in memory at once (50 million)
 * @param maxConcurrentQueries how many queries evaluate at the same time; others wait (20)
 * @param noStepSubqueryIntervalMillis the step of subqueries written without one ({@code [1h:]}),
 *     Prometheus's global evaluation interval (1m)
 * @param parserOptions the experimental language features enabled
 * @param delayedNameRemoval drop {@code __name__} at the end of evaluation instead of at each
 *     operation (Prometheus's {@code promql-delayed-name-removal})
 * @param typeAndUnitLabels treat {@code __type__} and {@code __unit__} as metric metadata
 *     (Prometheus's {@code type-and-unit-labels})
 */
public record EngineSettings(long lookbackDeltaMillis, long timeoutMillis, long maxSamples, int maxConcurrentQueries,
        long noStepSubqueryIntervalMillis, ParserOptions parserOptions, boolean delayedNameRemoval,
        boolean typeAndUnitLabels) {

    /** Prometheus's defaults: stable language only. */
    public static final EngineSettings DEFAULTS = new EngineSettings(300_000, 120_000, 50_000_000, 20, 60_000,
            ParserOptions.DEFAULTS, false, false);

    public EngineSettings {
        if (lookbackDeltaMillis <= 0 || timeoutMillis <= 0 || maxSamples <= 0 || maxConcurrentQueries <= 0
                || noStepSubqueryIntervalMillis <= 0) {
            throw new IllegalArgumentException("lookback delta, timeout, max samples, max concurrent queries and the "
                    + "default subquery step must be positive");
        }
    }
}
