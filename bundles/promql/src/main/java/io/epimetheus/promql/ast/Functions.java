package io.epimetheus.promql.ast;

import static io.epimetheus.promql.ast.ValueType.MATRIX;
import static io.epimetheus.promql.ast.ValueType.SCALAR;
import static io.epimetheus.promql.ast.ValueType.STRING;
import static io.epimetheus.promql.ast.ValueType.VECTOR;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The functions of PromQL as of Prometheus 3.x, by name. */
public final class Functions {

    private static final Map<String, FunctionDef> BY_NAME = new HashMap<>();

    static {
        for (String f : new String[] {"abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh",
                "deg", "exp", "floor", "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev",
                "histogram_stdvar", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt",
                "tan", "tanh", "timestamp", "absent"}) {
            add(f, VECTOR, 0, false, VECTOR);
        }
        for (String f : new String[] {"absent_over_time", "avg_over_time", "changes", "count_over_time", "delta",
                "deriv", "first_over_time", "idelta", "increase", "irate", "last_over_time", "max_over_time",
                "min_over_time", "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time",
                "sum_over_time"}) {
            add(f, VECTOR, 0, false, MATRIX);
        }
        for (String f : new String[] {"mad_over_time", "ts_of_first_over_time", "ts_of_max_over_time",
                "ts_of_min_over_time", "ts_of_last_over_time"}) {
            add(f, VECTOR, 0, true, MATRIX);
        }
        for (String f : new String[] {"days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute",
                "month", "year"}) {
            add(f, VECTOR, 1, false, VECTOR);
        }
        add("clamp", VECTOR, 0, false, VECTOR, SCALAR, SCALAR);
        add("clamp_max", VECTOR, 0, false, VECTOR, SCALAR);
        add("clamp_min", VECTOR, 0, false, VECTOR, SCALAR);
        add("histogram_fraction", VECTOR, 0, false, SCALAR, SCALAR, VECTOR);
        add("histogram_quantile", VECTOR, 0, false, SCALAR, VECTOR);
        add("histogram_quantiles", VECTOR, 9, true, VECTOR, STRING, SCALAR, SCALAR);
        add("double_exponential_smoothing", VECTOR, 0, true, MATRIX, SCALAR, SCALAR);
        // The Prometheus 2.x name of double_exponential_smoothing, kept so 2.x dashboards work.
        add("holt_winters", VECTOR, 0, false, MATRIX, SCALAR, SCALAR);
        add("info", VECTOR, 1, true, VECTOR, VECTOR);
        add("label_replace", VECTOR, 0, false, VECTOR, STRING, STRING, STRING, STRING);
        add("label_join", VECTOR, -1, false, VECTOR, STRING, STRING, STRING);
        add("max_of", SCALAR, 0, true, SCALAR, SCALAR);
        add("min_of", SCALAR, 0, true, SCALAR, SCALAR);
        add("pi", SCALAR, 0, false);
        add("predict_linear", VECTOR, 0, false, MATRIX, SCALAR);
        add("quantile_over_time", VECTOR, 0, false, SCALAR, MATRIX);
        add("round", VECTOR, 1, false, VECTOR, SCALAR);
        add("scalar", SCALAR, 0, false, VECTOR);
        add("sort_by_label", VECTOR, -1, true, VECTOR, STRING);
        add("sort_by_label_desc", VECTOR, -1, true, VECTOR, STRING);
        add("start_timestamp", VECTOR, 0, true, VECTOR);
        add("time", SCALAR, 0, false);
        add("vector", VECTOR, 0, false, SCALAR);
        for (String f : new String[] {"start", "end", "step", "range"}) {
            add(f, SCALAR, 0, true);
        }
    }

    private Functions() {
    }

    private static void add(String name, ValueType returnType, int variadic, boolean experimental,
            ValueType... argTypes) {
        BY_NAME.put(name, new FunctionDef(name, List.of(argTypes), variadic, returnType, experimental));
    }

    /** The function with that name, or null. */
    public static FunctionDef get(String name) {
        return BY_NAME.get(name);
    }
}
