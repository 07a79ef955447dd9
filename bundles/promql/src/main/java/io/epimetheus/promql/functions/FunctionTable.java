package io.epimetheus.promql.functions;

import io.epimetheus.api.model.Labels;
import io.epimetheus.promql.ast.Expr;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * The implementations of PromQL's functions by name. {@code label_replace}, {@code label_join},
 * {@code info} and the query-context functions ({@code start()}, {@code end()}, {@code range()},
 * {@code step()}) are evaluated by the engine itself.
 */
public final class FunctionTable {

    private static final Map<String, InstantFunction> INSTANT = new HashMap<>();
    private static final Map<String, RangeFunction> RANGE = new HashMap<>();

    /** Functions whose result can change with the evaluation time even if their arguments do not. */
    public static final Set<String> AT_MODIFIER_UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week",
            "day_of_year", "end", "hour", "minute", "month", "year", "predict_linear", "range", "start", "step", "time",
            "timestamp");

    /** The functions that accept an {@code anchored} range, sorted for the error message. */
    public static final Set<String> ANCHORED_SAFE = new TreeSet<>(Set.of("resets", "changes", "rate", "increase",
            "delta"));

    /** The functions that accept a {@code smoothed} range, sorted for the error message. */
    public static final Set<String> SMOOTHED_SAFE = new TreeSet<>(Set.of("rate", "increase", "delta"));

    static {
        math("abs", Math::abs);
        math("ceil", Math::ceil);
        math("floor", Math::floor);
        math("exp", Math::exp);
        math("sqrt", Math::sqrt);
        math("ln", Math::log);
        math("log2", GoMathFunctions::log2);
        math("log10", Math::log10);
        math("sin", Math::sin);
        math("cos", Math::cos);
        math("tan", Math::tan);
        math("asin", Math::asin);
        math("acos", Math::acos);
        math("atan", Math::atan);
        math("sinh", Math::sinh);
        math("cosh", Math::cosh);
        math("tanh", Math::tanh);
        math("asinh", GoMathFunctions::asinh);
        math("acosh", GoMathFunctions::acosh);
        math("atanh", GoMathFunctions::atanh);
        INSTANT.put("sgn", InstantFunctions.SGN);
        INSTANT.put("rad", InstantFunctions.RAD);
        INSTANT.put("deg", InstantFunctions.DEG);
        INSTANT.put("clamp", InstantFunctions.CLAMP);
        INSTANT.put("clamp_max", InstantFunctions.CLAMP_MAX);
        INSTANT.put("clamp_min", InstantFunctions.CLAMP_MIN);
        INSTANT.put("round", InstantFunctions.ROUND);
        INSTANT.put("timestamp", InstantFunctions.TIMESTAMP);
        INSTANT.put("start_timestamp", InstantFunctions.START_TIMESTAMP);
        INSTANT.put("vector", InstantFunctions.VECTOR);
        INSTANT.put("scalar", InstantFunctions.SCALAR);
        INSTANT.put("time", InstantFunctions.TIME);
        INSTANT.put("pi", InstantFunctions.PI);
        INSTANT.put("max_of", InstantFunctions.MAX_OF);
        INSTANT.put("min_of", InstantFunctions.MIN_OF);
        INSTANT.put("absent", InstantFunctions.ABSENT);
        INSTANT.put("days_in_month", InstantFunctions.DAYS_IN_MONTH);
        INSTANT.put("day_of_month", InstantFunctions.DAY_OF_MONTH);
        INSTANT.put("day_of_week", InstantFunctions.DAY_OF_WEEK);
        INSTANT.put("day_of_year", InstantFunctions.DAY_OF_YEAR);
        INSTANT.put("hour", InstantFunctions.HOUR);
        INSTANT.put("minute", InstantFunctions.MINUTE);
        INSTANT.put("month", InstantFunctions.MONTH);
        INSTANT.put("year", InstantFunctions.YEAR);
        INSTANT.put("sort", InstantFunctions.SORT);
        INSTANT.put("sort_desc", InstantFunctions.SORT_DESC);
        INSTANT.put("sort_by_label", InstantFunctions.SORT_BY_LABEL);
        INSTANT.put("sort_by_label_desc", InstantFunctions.SORT_BY_LABEL_DESC);
        INSTANT.put("histogram_quantile", InstantFunctions.HISTOGRAM_QUANTILE);
        INSTANT.put("histogram_quantiles", InstantFunctions.HISTOGRAM_QUANTILES);
        INSTANT.put("histogram_fraction", InstantFunctions.HISTOGRAM_FRACTION);
        for (String f : new String[] {"histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev",
                "histogram_stdvar"}) {
            INSTANT.put(f, InstantFunctions.NATIVE_HISTOGRAMS_ONLY);
        }

        RANGE.put("rate", RateFunctions.RATE);
        RANGE.put("increase", RateFunctions.INCREASE);
        RANGE.put("delta", RateFunctions.DELTA);
        RANGE.put("irate", RateFunctions.IRATE);
        RANGE.put("idelta", RateFunctions.IDELTA);
        RANGE.put("avg_over_time", OverTimeFunctions.AVG);
        RANGE.put("sum_over_time", OverTimeFunctions.SUM);
        RANGE.put("count_over_time", OverTimeFunctions.COUNT);
        RANGE.put("min_over_time", OverTimeFunctions.MIN);
        RANGE.put("max_over_time", OverTimeFunctions.MAX);
        RANGE.put("last_over_time", OverTimeFunctions.LAST);
        RANGE.put("first_over_time", OverTimeFunctions.FIRST);
        RANGE.put("present_over_time", OverTimeFunctions.PRESENT);
        RANGE.put("absent_over_time", OverTimeFunctions.ABSENT);
        RANGE.put("quantile_over_time", OverTimeFunctions.QUANTILE);
        RANGE.put("stddev_over_time", OverTimeFunctions.STDDEV);
        RANGE.put("stdvar_over_time", OverTimeFunctions.STDVAR);
        RANGE.put("mad_over_time", OverTimeFunctions.MAD);
        RANGE.put("ts_of_first_over_time", OverTimeFunctions.TS_OF_FIRST);
        RANGE.put("ts_of_last_over_time", OverTimeFunctions.TS_OF_LAST);
        RANGE.put("ts_of_max_over_time", OverTimeFunctions.TS_OF_MAX);
        RANGE.put("ts_of_min_over_time", OverTimeFunctions.TS_OF_MIN);
        RANGE.put("resets", OverTimeFunctions.RESETS);
        RANGE.put("changes", OverTimeFunctions.CHANGES);
        RANGE.put("deriv", TrendFunctions.DERIV);
        RANGE.put("predict_linear", TrendFunctions.PREDICT_LINEAR);
        RANGE.put("double_exponential_smoothing", TrendFunctions.DOUBLE_EXPONENTIAL_SMOOTHING);
        RANGE.put("holt_winters", TrendFunctions.DOUBLE_EXPONENTIAL_SMOOTHING);
    }

    private FunctionTable() {
    }

    private static void math(String name, DoubleUnaryOperator f) {
        INSTANT.put(name, InstantFunctions.math(f));
    }

    /** The implementation of a function of instant vectors and scalars, or null. */
    public static InstantFunction instant(String name) {
        return INSTANT.get(name);
    }

    /** The implementation of a function of a range vector, or null. */
    public static RangeFunction range(String name) {
        return RANGE.get(name);
    }

    /** The labels {@code absent_over_time} gives its result, from the selector's equality matchers. */
    public static Labels absentLabels(Expr arg) {
        return InstantFunctions.absentLabels(arg);
    }
}
