package io.epimetheus.promql.functions;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MatchType;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.MatrixSelector;
import io.epimetheus.promql.ast.StringLiteral;
import io.epimetheus.promql.ast.VectorSelector;
import io.epimetheus.promql.value.Annotation;
import io.epimetheus.promql.value.GoSort;
import io.epimetheus.promql.value.StepVector;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToIntFunction;

/** Functions of instant vectors and scalars. */
final class InstantFunctions {

    private InstantFunctions() {
    }

    /** Applies {@code f} to every value; the result drops the metric name. */
    static InstantFunction math(DoubleUnaryOperator f) {
        return (args, call, ctx, out) -> {
            StepVector in = args[0];
            for (int i = 0; i < in.size; i++) {
                out.add(ctx.resultLabels(in, i), in.t[i], f.applyAsDouble(in.v[i]), true, in.origin[i]);
            }
        };
    }

    static final InstantFunction SGN = math(v -> v < 0 ? -1 : v > 0 ? 1 : v);

    static final InstantFunction RAD = math(v -> v * Math.PI / 180);

    static final InstantFunction DEG = math(v -> v * 180 / Math.PI);

    static final InstantFunction CLAMP = (args, call, ctx, out) -> clamp(args[0], args[1].v[0], args[2].v[0], ctx, out);

    static final InstantFunction CLAMP_MAX =
            (args, call, ctx, out) -> clamp(args[0], Double.NEGATIVE_INFINITY, args[1].v[0], ctx, out);

    static final InstantFunction CLAMP_MIN =
            (args, call, ctx, out) -> clamp(args[0], args[1].v[0], Double.POSITIVE_INFINITY, ctx, out);

    private static void clamp(StepVector in, double min, double max, FunctionContext ctx, StepVector out) {
        if (max < min) {
            return;
        }
        for (int i = 0; i < in.size; i++) {
            out.add(ctx.resultLabels(in, i), in.t[i], Math.max(min, Math.min(max, in.v[i])), true, in.origin[i]);
        }
    }

    /** Rounds to the nearest multiple of the optional second argument; ties round up. */
    static final InstantFunction ROUND = (args, call, ctx, out) -> {
        double toNearest = args.length >= 2 ? args[1].v[0] : 1;
        // Multiplying by the inverse has fewer accuracy problems than dividing.
        double inverse = 1.0 / toNearest;
        StepVector in = args[0];
        for (int i = 0; i < in.size; i++) {
            double r = Math.floor(in.v[i] * inverse + 0.5) / inverse;
            out.add(ctx.resultLabels(in, i), in.t[i], r, true, in.origin[i]);
        }
    };

    /** The sample timestamps in seconds (of the step when the argument is not a selector). */
    static final InstantFunction TIMESTAMP = (args, call, ctx, out) -> {
        StepVector in = args[0];
        for (int i = 0; i < in.size; i++) {
            out.add(ctx.resultLabels(in, i), in.t[i], in.t[i] / 1000.0, true, in.origin[i]);
        }
    };

    /** Start timestamps are not kept by the storage API: always empty, as Prometheus without them. */
    static final InstantFunction START_TIMESTAMP = (args, call, ctx, out) -> {
    };

    static final InstantFunction VECTOR = (args, call, ctx, out) -> out.add(Labels.EMPTY, ctx.ts, args[0].v[0], false, -1);

    static final InstantFunction SCALAR = (args, call, ctx, out) -> {
        StepVector in = args[0];
        out.add(Labels.EMPTY, ctx.ts, in.size == 1 ? in.v[0] : Double.NaN, false, -1);
    };

    static final InstantFunction TIME = (args, call, ctx, out) -> out.add(Labels.EMPTY, ctx.ts, ctx.ts / 1000.0, false, -1);

    static final InstantFunction PI = (args, call, ctx, out) -> out.add(Labels.EMPTY, ctx.ts, Math.PI, false, -1);

    static final InstantFunction MAX_OF =
            (args, call, ctx, out) -> out.add(Labels.EMPTY, ctx.ts, Math.max(args[0].v[0], args[1].v[0]), false, -1);

    static final InstantFunction MIN_OF =
            (args, call, ctx, out) -> out.add(Labels.EMPTY, ctx.ts, Math.min(args[0].v[0], args[1].v[0]), false, -1);

    /** 1 with the labels of the selector's equality matchers when the vector is empty. */
    static final InstantFunction ABSENT = (args, call, ctx, out) -> {
        if (args[0].size == 0) {
            out.add(absentLabels(call.args.get(0)), ctx.ts, 1, false, -1);
        }
    };

    /** The labels {@code absent} and {@code absent_over_time} give their result. */
    static Labels absentLabels(Expr arg) {
        List<Matcher> matchers;
        if (arg instanceof VectorSelector vs) {
            matchers = vs.matchers;
        } else if (arg instanceof MatrixSelector ms) {
            matchers = ms.vectorSelector.matchers;
        } else {
            return Labels.EMPTY;
        }
        LabelsBuilder b = new LabelsBuilder();
        Set<String> seen = new HashSet<>();
        for (Matcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (m.type() == MatchType.EQUAL && seen.add(m.name())) {
                b.set(m.name(), m.value());
            } else {
                b.delete(m.name());
            }
        }
        return b.build();
    }

    // ---- date functions: of the step time without argument, else of each value as Unix seconds

    static InstantFunction date(ToIntFunction<LocalDateTime> f) {
        return (args, call, ctx, out) -> {
            if (args.length == 0) {
                out.add(Labels.EMPTY, ctx.ts, f.applyAsInt(utc(ctx.ts / 1000)), false, -1);
                return;
            }
            StepVector in = args[0];
            for (int i = 0; i < in.size; i++) {
                out.add(ctx.resultLabels(in, i), in.t[i], f.applyAsInt(utc(goInt64(in.v[i]))), true, in.origin[i]);
            }
        };
    }

    private static LocalDateTime utc(long epochSecond) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    /** Go's float64 to int64 conversion: truncation; NaN and out-of-range give the minimum. */
    private static long goInt64(double v) {
        if (Double.isNaN(v) || v >= 9.223372036854775807e18 || v < -9.223372036854775808e18) {
            return Long.MIN_VALUE;
        }
        return (long) v;
    }

    static final InstantFunction DAYS_IN_MONTH = date(d -> d.toLocalDate().lengthOfMonth());
    static final InstantFunction DAY_OF_MONTH = date(LocalDateTime::getDayOfMonth);
    static final InstantFunction DAY_OF_WEEK = date(d -> d.getDayOfWeek().getValue() % 7);
    static final InstantFunction DAY_OF_YEAR = date(LocalDateTime::getDayOfYear);
    static final InstantFunction HOUR = date(LocalDateTime::getHour);
    static final InstantFunction MINUTE = date(LocalDateTime::getMinute);
    static final InstantFunction MONTH = date(LocalDateTime::getMonthValue);
    static final InstantFunction YEAR = date(LocalDateTime::getYear);

    // ---- sorting

    /** Ascending by value, NaNs last (Prometheus sorts by "reversed descending with NaN first"). */
    static final InstantFunction SORT = (args, call, ctx, out) -> {
        StepVector in = args[0];
        sorted(in, out, (a, b) -> Double.isNaN(in.v[b]) || in.v[b] > in.v[a]);
    };

    /** Descending by value, NaNs last. */
    static final InstantFunction SORT_DESC = (args, call, ctx, out) -> {
        StepVector in = args[0];
        sorted(in, out, (a, b) -> Double.isNaN(in.v[b]) || in.v[b] < in.v[a]);
    };

    /** By the given labels in natural order, then by all labels. */
    static final InstantFunction SORT_BY_LABEL = (args, call, ctx, out) -> {
        String[] names = stringArgs(call);
        StepVector in = args[0];
        sorted(in, out, (a, b) -> compareByLabels(in.metric[a], in.metric[b], names) < 0);
    };

    static final InstantFunction SORT_BY_LABEL_DESC = (args, call, ctx, out) -> {
        String[] names = stringArgs(call);
        StepVector in = args[0];
        sorted(in, out, (a, b) -> compareByLabels(in.metric[a], in.metric[b], names) > 0);
    };

    private static int compareByLabels(Labels x, Labels y, String[] names) {
        for (String n : names) {
            String a = x.getOrEmpty(n);
            String b = y.getOrEmpty(n);
            if (a.equals(b)) {
                continue;
            }
            return NaturalOrder.less(a, b) ? -1 : 1;
        }
        return x.compareTo(y);
    }

    private static String[] stringArgs(Call call) {
        String[] names = new String[call.args.size() - 1];
        for (int i = 1; i < call.args.size(); i++) {
            names[i - 1] = ((StringLiteral) call.args.get(i)).val;
        }
        return names;
    }

    /** Appends the elements of {@code in} to {@code out} sorted as Go sorts them. */
    private static void sorted(StepVector in, StepVector out, GoSort.Less less) {
        int[] idx = new int[in.size];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        GoSort.sort(idx, idx.length, less);
        for (int i : idx) {
            out.addFrom(in, i);
        }
    }

    // ---- classic histograms

    static final InstantFunction HISTOGRAM_QUANTILE = (args, call, ctx, out) -> {
        if (args[0].size == 0) {
            return;
        }
        double q = args[0].v[0];
        if (Double.isNaN(q) || q < 0 || q > 1) {
            ctx.annotations.add(Annotation.invalidQuantile(q, call.args.get(0).posRange()));
        }
        ClassicHistograms h = ClassicHistograms.of(ctx);
        h.collect(args[1], call.args.get(1), ctx);
        h.quantiles(q, null, call.args.get(1), ctx, out);
    };

    static final InstantFunction HISTOGRAM_QUANTILES = (args, call, ctx, out) -> {
        String label = ((StringLiteral) call.args.get(1)).val;
        ClassicHistograms h = ClassicHistograms.of(ctx);
        for (int i = 2; i < args.length; i++) {
            double q = args[i].v[0];
            if (Double.isNaN(q) || q < 0 || q > 1) {
                ctx.annotations.add(Annotation.invalidQuantile(q, call.args.get(i).posRange()));
            }
        }
        h.collect(args[0], call.args.get(0), ctx);
        for (int i = 2; i < args.length; i++) {
            h.quantiles(args[i].v[0], label, call.args.get(0), ctx, out);
        }
    };

    static final InstantFunction HISTOGRAM_FRACTION = (args, call, ctx, out) -> {
        if (args[0].size == 0 || args[1].size == 0) {
            return;
        }
        ClassicHistograms h = ClassicHistograms.of(ctx);
        h.collect(args[2], call.args.get(2), ctx);
        h.fractions(args[0].v[0], args[1].v[0], ctx, out);
    };

    /** The native-histogram functions: without native histograms in storage they have no result. */
    static final InstantFunction NATIVE_HISTOGRAMS_ONLY = (args, call, ctx, out) -> {
    };
}
