package io.epimetheus.promql.engine;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.promql.ast.AggregateExpr;
import io.epimetheus.promql.ast.AggregateOp;
import io.epimetheus.promql.ast.GoQuote;
import io.epimetheus.promql.ast.NumberLiteral;
import io.epimetheus.promql.ast.StringLiteral;
import io.epimetheus.promql.functions.Kahan;
import io.epimetheus.promql.functions.Quantiles;
import io.epimetheus.promql.value.Annotation;
import io.epimetheus.promql.value.FloatSeries;
import io.epimetheus.promql.value.GoSort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aggregation operators, evaluated step by step over the input series grouped once. */
final class Aggregations {

    /** The largest float that converts to int64 without overflow, as in Prometheus. */
    private static final double MAX_INT64 = 9223372036854774784.0;
    private static final double MIN_INT64 = -9223372036854775808.0;

    private final Evaluator ev;

    Aggregations(Evaluator ev) {
        this.ev = ev;
    }

    List<FloatSeries> eval(AggregateExpr e) {
        String[] grouping = e.grouping.toArray(new String[0]);
        Arrays.sort(grouping);
        if (e.op == AggregateOp.COUNT_VALUES) {
            return countValues(e, grouping);
        }
        long original = ev.ctx.budget.current;
        if (StreamingAggregation.supports(e.op)) {
            StreamingAggregation agg = new StreamingAggregation(ev, e.op, grouping, withoutNames(grouping), e.without);
            ev.evalTo(e.expr, agg);
            List<FloatSeries> result = agg.result();
            ev.ctx.budget.set(original + SeriesLists.totalSamples(result));
            return result;
        }
        Params params = Params.of(ev, e.param);
        List<FloatSeries> input = ev.eval(e.expr);
        List<FloatSeries> result = aggregate(e, grouping, input, params);
        ev.ctx.budget.set(original + SeriesLists.totalSamples(result));
        return result;
    }

    /** The labels of the group a series belongs to. */
    static Labels groupLabels(Labels m, boolean without, String[] grouping, String[] withoutNames) {
        if (without) {
            return m.without(withoutNames);
        }
        if (grouping.length > 0) {
            return m.keepOnly(grouping);
        }
        return Labels.EMPTY;
    }

    static String[] withoutNames(String[] grouping) {
        String[] names = Arrays.copyOf(grouping, grouping.length + 1);
        names[grouping.length] = Labels.METRIC_NAME;
        return names;
    }

    /** The parameter of topk, quantile, ...: a constant or a value per step. */
    private static final class Params {
        FloatSeries series;
        boolean constant;
        double constValue;
        double min;
        double max;
        boolean anyNaN;
        private int pos;

        static Params of(Evaluator ev, io.epimetheus.promql.ast.Expr expr) {
            Params p = new Params();
            if (expr == null) {
                return p;
            }
            List<FloatSeries> m = ev.eval(expr);
            if (m.isEmpty()) {
                return p;
            }
            p.series = m.get(0);
            p.constant = expr instanceof NumberLiteral;
            if (p.constant) {
                p.constValue = p.series.v[0];
                p.min = p.constValue;
                p.max = p.constValue;
                p.anyNaN = Double.isNaN(p.constValue);
                return p;
            }
            p.min = Double.MAX_VALUE;
            p.max = -Double.MAX_VALUE;
            for (int i = 0; i < p.series.n; i++) {
                double v = p.series.v[i];
                p.max = Math.max(p.max, v);
                p.min = Math.min(p.min, v);
                if (Double.isNaN(v)) {
                    p.anyNaN = true;
                }
            }
            return p;
        }

        double next() {
            if (constant) {
                return constValue;
            }
            if (series != null && pos < series.n) {
                return series.v[pos++];
            }
            return 0;
        }
    }

    /** The running state of one group at one step. */
    private static final class Group {
        boolean seen;
        double value;
        double mean;
        double kahanC;
        double count;
        boolean incrementalMean;
        boolean dropName;
        boolean complete;
        // topk, bottomk, limitk, limit_ratio, quantile: the kept samples (value and input row).
        double[] heapValues = new double[4];
        int[] heapRows = new int[4];
        int heapSize;

        void push(double v, int row) {
            if (heapSize == heapValues.length) {
                heapValues = Arrays.copyOf(heapValues, heapSize * 2);
                heapRows = Arrays.copyOf(heapRows, heapSize * 2);
            }
            heapValues[heapSize] = v;
            heapRows[heapSize] = row;
            heapSize++;
        }
    }

    private List<FloatSeries> aggregate(AggregateExpr e, String[] grouping, List<FloatSeries> input, Params params) {
        AggregateOp op = e.op;
        boolean kOp = op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK || op == AggregateOp.LIMITK
                || op == AggregateOp.LIMIT_RATIO;
        String[] withoutNames = withoutNames(grouping);
        Map<Labels, Integer> groupIndex = new HashMap<>();
        int[] seriesToGroup = new int[input.size()];
        List<FloatSeries> result = new ArrayList<>();
        int numSteps = ev.numSteps();
        for (int si = 0; si < input.size(); si++) {
            Labels key = groupLabels(input.get(si).metric, e.without, grouping, withoutNames);
            Integer idx = groupIndex.get(key);
            if (idx == null) {
                idx = groupIndex.size();
                groupIndex.put(key, idx);
                if (!kOp) {
                    result.add(new FloatSeries(key, false, Math.min(numSteps, 64)));
                }
            }
            seriesToGroup[si] = idx;
        }
        Group[] groups = new Group[groupIndex.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = new Group();
        }
        switch (op) {
            case TOPK, BOTTOMK, LIMITK -> {
                if (params.max < 1) {
                    return new ArrayList<>();
                }
                if (params.anyNaN) {
                    throw new QueryException(ErrorType.EXECUTION, "Parameter value is NaN");
                }
                if (params.min <= MIN_INT64) {
                    throw new QueryException(ErrorType.EXECUTION,
                            "Scalar value " + FloatFormat.formatG(params.min) + " underflows int64");
                }
                if (params.max >= MAX_INT64) {
                    throw new QueryException(ErrorType.EXECUTION,
                            "Scalar value " + FloatFormat.formatG(params.max) + " overflows int64");
                }
            }
            case LIMIT_RATIO -> {
                if (params.max == 0 && params.min == 0) {
                    return new ArrayList<>();
                }
                if (params.anyNaN) {
                    throw new QueryException(ErrorType.EXECUTION, "Ratio value is NaN");
                }
                if (params.max > 1.0) {
                    ev.ctx.annotations.add(Annotation.invalidRatio(params.max, 1.0, e.param.posRange()));
                }
                if (params.min < -1.0) {
                    ev.ctx.annotations.add(Annotation.invalidRatio(params.min, -1.0, e.param.posRange()));
                }
            }
            case QUANTILE -> {
                if (params.anyNaN) {
                    ev.ctx.annotations.add(Annotation.invalidQuantile(Double.NaN, e.param.posRange()));
                }
                if (params.max > 1) {
                    ev.ctx.annotations.add(Annotation.invalidQuantile(params.max, e.param.posRange()));
                }
                if (params.min < 0) {
                    ev.ctx.annotations.add(Annotation.invalidQuantile(params.min, e.param.posRange()));
                }
            }
            default -> {
                // no parameter
            }
        }
        int[] cursors = new int[input.size()];
        Map<Labels, FloatSeries> kSeries = kOp ? new LinkedHashMap<>() : null;
        long temp = ev.ctx.budget.current;
        for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
            double param = params.next();
            ev.ctx.interrupts.check(Evaluator.ENV);
            ev.ctx.budget.set(temp);
            if (kOp) {
                List<FloatSeries> stepResult = aggregateK(op, ts, param, input, cursors, seriesToGroup, groups, kSeries,
                        numSteps);
                if (ev.instant()) {
                    return stepResult;
                }
            } else {
                aggregateStep(e, ts, param, input, cursors, seriesToGroup, groups, result);
            }
            ev.ctx.budget.check();
        }
        if (kOp) {
            return new ArrayList<>(kSeries.values());
        }
        List<FloatSeries> nonEmpty = new ArrayList<>(result.size());
        for (FloatSeries s : result) {
            if (s.n > 0) {
                nonEmpty.add(s);
            }
        }
        return nonEmpty;
    }

    /** Whether row {@code si} has a sample at {@code ts}; if so, it is consumed and returned in {@code out[0]}. */
    private static boolean next(long ts, FloatSeries s, int[] cursors, int si, double[] out) {
        int c = cursors[si];
        while (c < s.n && s.t[c] < ts) {
            c++;
        }
        if (c < s.n && s.t[c] == ts) {
            out[0] = s.v[c];
            cursors[si] = c + 1;
            return true;
        }
        cursors[si] = c;
        return false;
    }

    private void aggregateStep(AggregateExpr e, long ts, double q, List<FloatSeries> input, int[] cursors,
            int[] seriesToGroup, Group[] groups, List<FloatSeries> output) {
        AggregateOp op = e.op;
        for (Group g : groups) {
            g.seen = false;
        }
        double[] value = new double[1];
        for (int si = 0; si < input.size(); si++) {
            FloatSeries s = input.get(si);
            if (!next(ts, s, cursors, si, value)) {
                continue;
            }
            double f = value[0];
            Group g = groups[seriesToGroup[si]];
            if (!g.seen) {
                g.seen = true;
                g.value = f;
                g.mean = f;
                g.kahanC = 0;
                g.count = 1;
                g.incrementalMean = false;
                g.dropName = s.dropName;
                g.heapSize = 0;
                switch (op) {
                    case STDVAR, STDDEV -> g.value = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
                    case QUANTILE -> g.push(f, si);
                    case GROUP -> g.value = 1;
                    default -> {
                        // the first value is the start
                    }
                }
                continue;
            }
            if (s.dropName) {
                g.dropName = true;
            }
            switch (op) {
                case SUM -> {
                    double t = g.value + f;
                    g.kahanC = Kahan.compensation(f, g.value, g.kahanC, t);
                    g.value = t;
                }
                case AVG -> addToMean(g, f);
                case MAX -> {
                    if (g.value < f || Double.isNaN(g.value)) {
                        g.value = f;
                    }
                }
                case MIN -> {
                    if (g.value > f || Double.isNaN(g.value)) {
                        g.value = f;
                    }
                }
                case COUNT -> g.count++;
                case STDVAR, STDDEV -> {
                    g.count++;
                    double delta = f - g.mean;
                    g.mean += delta / g.count;
                    g.value += delta * (f - g.mean);
                }
                case QUANTILE -> g.push(f, si);
                case GROUP -> {
                    // nothing to accumulate
                }
                default -> throw new QueryException(ErrorType.INTERNAL, "expected aggregation operator but got " + op);
            }
        }
        for (int ri = 0; ri < groups.length; ri++) {
            Group g = groups[ri];
            if (!g.seen) {
                continue;
            }
            double v = switch (op) {
                case AVG -> g.incrementalMean ? g.mean + g.kahanC : g.value / g.count + g.kahanC / g.count;
                case COUNT -> g.count;
                case STDVAR -> g.value / g.count;
                case STDDEV -> Math.sqrt(g.value / g.count);
                case QUANTILE -> Quantiles.quantile(q, g.heapValues, g.heapSize);
                case SUM -> g.value + g.kahanC;
                default -> g.value;
            };
            FloatSeries out = output.get(ri);
            out.add(ts, v);
            out.dropName = g.dropName;
        }
    }

    /**
     * The mean with Kahan summation, switching to an incremental mean if the sum would overflow
     * (Prometheus's approach).
     */
    private static void addToMean(Group g, double f) {
        g.count++;
        if (!g.incrementalMean) {
            double newV = g.value + f;
            double newC = Kahan.compensation(f, g.value, g.kahanC, newV);
            if (!Double.isInfinite(newV)) {
                g.value = newV;
                g.kahanC = newC;
                return;
            }
            g.incrementalMean = true;
            g.mean = g.value / (g.count - 1);
            g.kahanC /= g.count - 1;
        }
        double q = (g.count - 1) / g.count;
        double inc = f / g.count;
        double base = q * g.mean;
        double baseC = q * g.kahanC;
        double t = base + inc;
        g.kahanC = Kahan.compensation(inc, base, baseC, t);
        g.mean = t;
    }

    // ---- topk, bottomk, limitk, limit_ratio

    /** Go's heap order: for topk (and the limit operators) the smallest value on top, NaN smallest. */
    private static boolean less(AggregateOp op, double a, double b) {
        if (op == AggregateOp.BOTTOMK) {
            return Double.isNaN(a) || a > b;
        }
        return Double.isNaN(a) || a < b;
    }

    private static void up(AggregateOp op, Group g, int j) {
        while (true) {
            int i = (j - 1) / 2;
            if (i == j || !less(op, g.heapValues[j], g.heapValues[i])) {
                break;
            }
            swap(g, i, j);
            j = i;
        }
    }

    private static boolean down(AggregateOp op, Group g, int i0, int n) {
        int i = i0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && less(op, g.heapValues[j2], g.heapValues[j1])) {
                j = j2;
            }
            if (!less(op, g.heapValues[j], g.heapValues[i])) {
                break;
            }
            swap(g, i, j);
            i = j;
        }
        return i > i0;
    }

    private static void swap(Group g, int i, int j) {
        double v = g.heapValues[i];
        g.heapValues[i] = g.heapValues[j];
        g.heapValues[j] = v;
        int r = g.heapRows[i];
        g.heapRows[i] = g.heapRows[j];
        g.heapRows[j] = r;
    }

    private static void heapPush(AggregateOp op, Group g, double v, int row) {
        g.push(v, row);
        up(op, g, g.heapSize - 1);
    }

    private List<FloatSeries> aggregateK(AggregateOp op, long ts, double param, List<FloatSeries> input,
            int[] cursors, int[] seriesToGroup, Group[] groups, Map<Labels, FloatSeries> kSeries, int numSteps) {
        int groupsRemaining = groups.length;
        for (Group g : groups) {
            g.seen = false;
        }
        double[] value = new double[1];
        long k = 0;
        double r = 0;
        for (int si = 0; si < input.size(); si++) {
            FloatSeries s = input.get(si);
            if (!next(ts, s, cursors, si, value)) {
                continue;
            }
            double f = value[0];
            switch (op) {
                case TOPK, BOTTOMK, LIMITK -> {
                    k = Math.min((long) param, input.size());
                    if (k < 1) {
                        return new ArrayList<>();
                    }
                }
                default -> {
                    if (param == 0) {
                        return new ArrayList<>();
                    }
                    r = Math.max(-1.0, Math.min(1.0, param));
                }
            }
            Group g = groups[seriesToGroup[si]];
            if (!g.seen) {
                g.seen = true;
                g.heapSize = 0;
                g.complete = false;
                if (op == AggregateOp.LIMIT_RATIO) {
                    if (addRatioSample(r, s.metric)) {
                        heapPush(op, g, f, si);
                    }
                } else if (op == AggregateOp.LIMITK) {
                    g.push(f, si);
                } else {
                    heapPush(op, g, f, si);
                }
                continue;
            }
            switch (op) {
                case TOPK -> {
                    if (g.heapSize < k) {
                        heapPush(op, g, f, si);
                    } else if (g.heapValues[0] < f || (Double.isNaN(g.heapValues[0]) && !Double.isNaN(f))) {
                        replaceHeapTop(op, g, f, si, k);
                    }
                }
                case BOTTOMK -> {
                    if (g.heapSize < k) {
                        heapPush(op, g, f, si);
                    } else if (g.heapValues[0] > f || (Double.isNaN(g.heapValues[0]) && !Double.isNaN(f))) {
                        replaceHeapTop(op, g, f, si, k);
                    }
                }
                case LIMITK -> {
                    if (g.heapSize < k) {
                        heapPush(op, g, f, si);
                    }
                    if (!g.complete && g.heapSize == k) {
                        g.complete = true;
                        groupsRemaining--;
                        if (groupsRemaining == 0) {
                            si = input.size();
                        }
                    }
                }
                default -> {
                    if (addRatioSample(r, s.metric)) {
                        heapPush(op, g, f, si);
                    }
                }
            }
        }
        List<FloatSeries> mat = ev.instant() ? new ArrayList<>(groups.length) : null;
        int[] idx = new int[0];
        for (Group g : groups) {
            if (!g.seen) {
                continue;
            }
            if (idx.length < g.heapSize) {
                idx = new int[g.heapSize];
            }
            for (int i = 0; i < g.heapSize; i++) {
                idx[i] = i;
            }
            if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) {
                // Reverse the heap order: largest first for topk, smallest first for bottomk.
                Group gg = g;
                GoSort.sort(idx, g.heapSize, (a, b) -> less(op, gg.heapValues[b], gg.heapValues[a]));
            }
            for (int i = 0; i < g.heapSize; i++) {
                int h = idx[i];
                FloatSeries in = input.get(g.heapRows[h]);
                if (mat != null) {
                    FloatSeries s = new FloatSeries(in.metric, in.dropName, 1);
                    s.add(ts, g.heapValues[h]);
                    mat.add(s);
                } else {
                    FloatSeries s = kSeries.get(in.metric);
                    if (s == null) {
                        s = new FloatSeries(in.metric, in.dropName, Math.min(numSteps, 64));
                        kSeries.put(in.metric, s);
                    }
                    s.add(ts, g.heapValues[h]);
                }
            }
        }
        return mat;
    }

    /** Replaces the heap's top, the last ranked of the k samples kept, with a sample that ranks before it. */
    private static void replaceHeapTop(AggregateOp op, Group g, double v, int row, long k) {
        g.heapValues[0] = v;
        g.heapRows[0] = row;
        if (k > 1) {
            fix(op, g);
        }
    }

    private static void fix(AggregateOp op, Group g) {
        if (!down(op, g, 0, g.heapSize)) {
            up(op, g, 0);
        }
    }

    /**
     * Whether limit_ratio keeps a series: its label hash, as a fraction of the hash range, is below
     * the ratio (or, for a negative ratio, at or above 1 + ratio), so complementary ratios keep
     * complementary series.
     */
    private static boolean addRatioSample(double ratio, Labels metric) {
        double offset = PrometheusLabelsHash.fraction(metric);
        return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio);
    }

    // ---- count_values

    private List<FloatSeries> countValues(AggregateExpr e, String[] grouping) {
        String valueLabel = ((StringLiteral) e.param).val;
        if (!Labels.isValidLabelName(valueLabel)) {
            throw new QueryException(ErrorType.EXECUTION, "invalid label name " + GoQuote.quote(valueLabel));
        }
        String[] groupBy = grouping;
        if (!e.without) {
            groupBy = Arrays.copyOf(grouping, grouping.length + 1);
            groupBy[grouping.length] = valueLabel;
            Arrays.sort(groupBy);
        }
        String[] by = groupBy;
        String[] withoutNames = withoutNames(grouping);
        Map<Labels, int[]> counts = new LinkedHashMap<>();
        StringBuilder sb = new StringBuilder();
        return ev.rangeEval(null, (args, st, out) -> {
            counts.clear();
            var in = args[0];
            for (int i = 0; i < in.size; i++) {
                sb.setLength(0);
                FloatFormat.appendF(sb, in.v[i]);
                Labels m = in.metric[i].toBuilder().set(valueLabel, sb.toString()).build();
                Labels key = groupLabels(m, e.without, by, withoutNames);
                int[] c = counts.get(key);
                if (c == null) {
                    counts.put(key, new int[] {1});
                } else {
                    c[0]++;
                }
            }
            for (Map.Entry<Labels, int[]> c : counts.entrySet()) {
                out.add(c.getKey(), st.ts, c.getValue()[0], false, -1);
            }
        }, null, e.expr);
    }
}
