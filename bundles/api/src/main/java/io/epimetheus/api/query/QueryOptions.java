package io.epimetheus.api.query;

/**
 * Per-query settings. Zero means "use the engine's configured default".
 *
 * @param timeoutMillis evaluation timeout in milliseconds ({@code timeout} API parameter)
 * @param lookbackDeltaMillis how far back an instant selector looks for a sample (default 5m)
 * @param enablePerStepStats whether to collect per-step sample statistics ({@code stats=all})
 */
public record QueryOptions(long timeoutMillis, long lookbackDeltaMillis, boolean enablePerStepStats) {

    /** The engine's defaults. */
    public static final QueryOptions DEFAULTS = new QueryOptions(0, 0, false);

    public QueryOptions {
        if (timeoutMillis < 0 || lookbackDeltaMillis < 0) {
            throw new IllegalArgumentException("timeout and lookback delta must not be negative");
        }
    }
}
