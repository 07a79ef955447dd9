package io.epimetheus.promql.parse;

/**
 * The experimental parts of the language, each off by default as in Prometheus.
 *
 * @param experimentalFunctions experimental functions and aggregations ({@code limitk}, {@code
 *     info}, {@code double_exponential_smoothing}, {@code sort_by_label}, ...);
 *     Prometheus's {@code promql-experimental-functions} feature
 * @param durationExpressions arithmetic in ranges and offsets, {@code step()}, {@code range()},
 *     {@code min_of}, {@code max_of}; Prometheus's {@code promql-duration-expr} feature
 * @param extendedRangeSelectors the {@code anchored} and {@code smoothed} modifiers;
 *     Prometheus's {@code promql-extended-range-selectors} feature
 * @param binopFillModifiers {@code fill()}, {@code fill_left()}, {@code fill_right()} on binary
 *     operators; Prometheus's {@code promql-binop-fill-modifiers} feature
 */
public record ParserOptions(boolean experimentalFunctions, boolean durationExpressions,
        boolean extendedRangeSelectors, boolean binopFillModifiers) {

    /** Stable PromQL only. */
    public static final ParserOptions DEFAULTS = new ParserOptions(false, false, false, false);

    /** Everything enabled. */
    public static final ParserOptions ALL = new ParserOptions(true, true, true, true);
}
