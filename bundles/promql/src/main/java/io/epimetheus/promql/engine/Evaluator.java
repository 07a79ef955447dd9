package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.regex.RegexSyntaxException;
import io.epimetheus.api.regex.Re2;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.promql.ast.AggregateExpr;
import io.epimetheus.promql.ast.BinaryExpr;
import io.epimetheus.promql.ast.BinaryOp;
import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.GoQuote;
import io.epimetheus.promql.ast.MatrixSelector;
import io.epimetheus.promql.ast.NumberLiteral;
import io.epimetheus.promql.ast.ParenExpr;
import io.epimetheus.promql.ast.StepInvariantExpr;
import io.epimetheus.promql.ast.StringLiteral;
import io.epimetheus.promql.ast.SubqueryExpr;
import io.epimetheus.promql.ast.UnaryExpr;
import io.epimetheus.promql.ast.ValueType;
import io.epimetheus.promql.ast.VectorMatching;
import io.epimetheus.promql.ast.VectorSelector;
import io.epimetheus.promql.functions.ExtendedRanges;
import io.epimetheus.promql.functions.FunctionContext;
import io.epimetheus.promql.functions.FunctionTable;
import io.epimetheus.promql.functions.InstantFunction;
import io.epimetheus.promql.value.Annotation;
import io.epimetheus.promql.value.FloatSeries;
import io.epimetheus.promql.value.MetadataLabels;
import io.epimetheus.promql.value.StepVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates an expression over the steps {@code start, start + interval, ..., end}: every node
 * evaluates to the list of its series over all steps, as in Prometheus. Selectors read each
 * storage series once, with reused buffers; step-wise nodes gather the values of their arguments
 * at each step into reused vectors. Subqueries and step-invariant parts run in child evaluators
 * over their own steps.
 */
final class Evaluator {

    static final String ENV = "expression evaluation";

    final EvalContext ctx;
    final long start;
    final long end;
    final long interval;

    Evaluator(EvalContext ctx, long start, long end, long interval) {
        this.ctx = ctx;
        this.start = start;
        this.end = end;
        this.interval = interval;
    }

    int numSteps() {
        return (int) ((end - start) / interval) + 1;
    }

    boolean instant() {
        return start == end;
    }

    /** Evaluates an expression of type scalar, instant vector or range vector. */
    List<FloatSeries> eval(Expr e) {
        ctx.interrupts.check(ENV);
        if (end < start) {
            return new ArrayList<>();
        }
        if (e instanceof AggregateExpr a) {
            return new Aggregations(this).eval(a);
        }
        if (e instanceof Call c) {
            return evalCall(c);
        }
        if (e instanceof ParenExpr p) {
            return eval(p.expr);
        }
        if (e instanceof UnaryExpr u) {
            return evalUnary(u);
        }
        if (e instanceof BinaryExpr b) {
            return new BinaryOps(this).eval(b);
        }
        if (e instanceof NumberLiteral n) {
            double v = n.val;
            return rangeEval(null, (args, st, out) -> out.add(Labels.EMPTY, st.ts, v, false, -1), null);
        }
        if (e instanceof VectorSelector vs) {
            if (vs.smoothed) {
                return smoothedSelector(vs);
            }
            List<FloatSeries> result = new ArrayList<>();
            instantSelector(vs, result::add);
            return result;
        }
        if (e instanceof MatrixSelector m) {
            if (!instant()) {
                throw new QueryException(ErrorType.INTERNAL, "cannot do range evaluation of matrix selector");
            }
            return matrixSelector(m);
        }
        if (e instanceof SubqueryExpr s) {
            return runSubquery(s);
        }
        if (e instanceof StepInvariantExpr s) {
            return stepInvariant(s);
        }
        if (e instanceof StringLiteral) {
            throw new QueryException(ErrorType.INTERNAL, "unexpected string in expression evaluation");
        }
        throw new QueryException(ErrorType.INTERNAL, "unhandled expression of type " + e.getClass().getSimpleName());
    }

    /**
     * Evaluates an instant-vector expression, handing each series to {@code sink} as soon as it is
     * complete. Selectors and range-vector functions stream their series this way (so a consumer
     * such as an aggregation need not hold them all); other nodes are evaluated whole first.
     */
    void evalTo(Expr e, SeriesSink sink) {
        ctx.interrupts.check(ENV);
        if (end < start) {
            return;
        }
        if (e instanceof ParenExpr p) {
            evalTo(p.expr, sink);
            return;
        }
        if (e instanceof VectorSelector vs && !vs.smoothed) {
            instantSelector(vs, sink);
            return;
        }
        if (e instanceof Call c) {
            int matrixArg = matrixArg(c);
            if (RangeFunctionCall.streamable(c, matrixArg)) {
                new RangeFunctionCall(this, c, matrixArg).evalTo(sink);
                return;
            }
        }
        for (FloatSeries s : eval(e)) {
            sink.accept(s);
        }
    }

    /** The index of the range-vector argument of a call, or -1. */
    static int matrixArg(Call c) {
        for (int i = 0; i < c.args.size(); i++) {
            Expr a = c.args.get(i);
            if (a instanceof MatrixSelector || a instanceof SubqueryExpr) {
                return i;
            }
        }
        return -1;
    }

    // ---- step-wise evaluation

    /** Computes one step of a node from the values of its arguments at that step. */
    @FunctionalInterface
    interface StepFunction {
        void apply(StepVector[] args, StepState st, StepVector out);
    }

    /** Per-node state of {@link #rangeEval}, visible to the step function. */
    static final class StepState {
        long ts;
        final FunctionContext fctx;
        /** For vector matching: the signature ordinal of every row of every argument. */
        int[][] signatures;
        int numSignatures;

        StepState(FunctionContext fctx) {
            this.fctx = fctx;
        }
    }

    private static final class OutputSeries {
        final FloatSeries series;
        long lastTs;

        OutputSeries(FloatSeries series) {
            this.series = series;
        }
    }

    /**
     * Evaluates the arguments, then calls {@code fn} for every step with their values at that step
     * and collects the outputs into series. With {@code matching}, the rows of the argument results
     * get join signatures for vector matching first.
     */
    List<FloatSeries> rangeEval(VectorMatching matching, StepFunction fn, FunctionContext fctx, Expr... exprs) {
        List<List<FloatSeries>> mats = new ArrayList<>(exprs.length);
        for (Expr x : exprs) {
            if (x == null || x.type() == ValueType.STRING) {
                mats.add(List.of());
            } else {
                mats.add(eval(x));
            }
        }
        return rangeEvalMatrices(matching, fn, fctx, mats);
    }

    /** {@link #rangeEval} over already evaluated arguments. */
    List<FloatSeries> rangeEvalMatrices(VectorMatching matching, StepFunction fn, FunctionContext fctx,
            List<List<FloatSeries>> mats) {
        int numSteps = numSteps();
        int numArgs = mats.size();
        StepVector[] vectors = new StepVector[numArgs];
        int biggest = 1;
        for (int i = 0; i < numArgs; i++) {
            vectors[i] = new StepVector(mats.get(i).size());
            biggest = Math.max(biggest, mats.get(i).size());
        }
        StepState st = new StepState(fctx != null ? fctx : newFunctionContext());
        if (matching != null) {
            computeSignatures(matching, mats, st);
        }
        int[][] cursors = new int[numArgs][];
        for (int i = 0; i < numArgs; i++) {
            cursors[i] = new int[mats.get(i).size()];
        }
        StepVector out = new StepVector(biggest);
        long originalSamples = ctx.budget.current;
        long tempSamples = ctx.budget.current;
        Map<Labels, OutputSeries> outputs = new LinkedHashMap<>();
        for (long ts = start; ts <= end; ts += interval) {
            ctx.interrupts.check(ENV);
            ctx.budget.set(tempSamples);
            for (int i = 0; i < numArgs; i++) {
                gather(ts, mats.get(i), cursors[i], vectors[i]);
            }
            out.clear();
            st.ts = ts;
            st.fctx.ts = ts;
            fn.apply(vectors, st, out);
            ctx.budget.add(out.size);
            tempSamples += out.size;
            if (instant()) {
                if (!ctx.delayedNameRemoval && containsSameLabelset(out)) {
                    throw new QueryException(ErrorType.EXECUTION, SeriesLists.DUPLICATE_LABELSET);
                }
                List<FloatSeries> result = new ArrayList<>(out.size);
                for (int j = 0; j < out.size; j++) {
                    FloatSeries s = new FloatSeries(out.metric[j], out.dropName[j], 1);
                    s.add(ts, out.v[j]);
                    result.add(s);
                }
                ctx.budget.set(originalSamples + out.size);
                return result;
            }
            for (int j = 0; j < out.size; j++) {
                Labels m = out.metric[j];
                OutputSeries o = outputs.get(m);
                if (o == null) {
                    o = new OutputSeries(new FloatSeries(m, out.dropName[j], Math.min(numSteps, 64)));
                    outputs.put(m, o);
                } else if (o.lastTs == ts) {
                    throw new QueryException(ErrorType.EXECUTION, SeriesLists.DUPLICATE_LABELSET);
                }
                o.series.add(ts, out.v[j]);
                o.lastTs = ts;
            }
        }
        List<FloatSeries> result = new ArrayList<>(outputs.size());
        for (OutputSeries o : outputs.values()) {
            result.add(o.series);
        }
        ctx.budget.set(originalSamples + SeriesLists.totalSamples(result));
        return result;
    }

    FunctionContext newFunctionContext() {
        return new FunctionContext(ctx.delayedNameRemoval, ctx.annotations);
    }

    /** Collects into {@code out} the samples of {@code m} at {@code ts}, advancing the per-row cursors. */
    private void gather(long ts, List<FloatSeries> m, int[] cursor, StepVector out) {
        out.clear();
        for (int r = 0; r < m.size(); r++) {
            FloatSeries s = m.get(r);
            int c = cursor[r];
            if (c < s.n && s.t[c] == ts) {
                out.add(s.metric, ts, s.v[c], s.dropName, r);
                cursor[r] = c + 1;
            }
        }
        ctx.budget.add(out.size);
    }

    static boolean containsSameLabelset(StepVector v) {
        if (v.size < 2) {
            return false;
        }
        if (v.size == 2) {
            return v.metric[0].equals(v.metric[1]);
        }
        Set<Labels> seen = new HashSet<>(v.size * 2);
        for (int i = 0; i < v.size; i++) {
            if (!seen.add(v.metric[i])) {
                return true;
            }
        }
        return false;
    }

    /** Assigns every row of the argument results the ordinal of its join signature. */
    private static void computeSignatures(VectorMatching matching, List<List<FloatSeries>> mats, StepState st) {
        String[] names;
        if (matching.on) {
            names = matching.matchingLabels.toArray(new String[0]);
        } else {
            names = new String[matching.matchingLabels.size() + 1];
            names[0] = Labels.METRIC_NAME;
            for (int i = 0; i < matching.matchingLabels.size(); i++) {
                names[i + 1] = matching.matchingLabels.get(i);
            }
        }
        Map<Labels, Integer> ordinals = new HashMap<>();
        st.signatures = new int[mats.size()][];
        for (int i = 0; i < mats.size(); i++) {
            List<FloatSeries> m = mats.get(i);
            int[] sig = new int[m.size()];
            for (int r = 0; r < m.size(); r++) {
                Labels l = m.get(r).metric;
                Labels key = matching.on ? l.keepOnly(names) : l.without(names);
                Integer ord = ordinals.get(key);
                if (ord == null) {
                    ord = ordinals.size();
                    ordinals.put(key, ord);
                }
                sig[r] = ord;
            }
            st.signatures[i] = sig;
        }
        st.numSignatures = ordinals.size();
    }

    // ---- selectors

    SelectHints hints(VectorSelector vs, long rangeMillis, String func) {
        long offset = vs.offsetNanos / 1_000_000;
        long s = vs.timestamp != null ? vs.timestamp : start;
        long e = vs.timestamp != null ? vs.timestamp : end;
        if (rangeMillis == 0) {
            s -= ctx.lookbackMillis - 1;
        } else {
            s -= rangeMillis - 1;
        }
        return new SelectHints(s - offset, e - offset, instant() ? 0 : interval, func, rangeMillis, null, false, 0);
    }

    /**
     * The series of a selector in storage order, never sorted: Prometheus does not ask for sorted
     * series either, and aggregations add in this order (in a head, the order series were created),
     * which decides the last bits of a sum.
     */
    SeriesSource select(VectorSelector vs, SelectHints hints) {
        return SeriesSource.of(ctx.querier.select(false, hints,
                vs.matchers.toArray(new io.epimetheus.api.model.Matcher[0])), ctx.annotations);
    }

    /** The value of each series at each step: its latest sample within the lookback window. */
    private void instantSelector(VectorSelector vs, SeriesSink sink) {
        SeriesSource src = select(vs, hints(vs, 0, null));
        long offset = vs.offsetNanos / 1_000_000;
        long lookback = ctx.lookbackMillis;
        int numSteps = numSteps();
        boolean retained = sink.retains();
        LookbackCursor cursor = new LookbackCursor();
        FloatSeries reusable = null;
        while (src.next()) {
            ctx.interrupts.check(ENV);
            cursor.reset(src.iterator());
            FloatSeries s = null;
            for (long ts = start; ts <= end; ts += interval) {
                if (!cursor.at(ts - offset, lookback)) {
                    continue;
                }
                if (s == null) {
                    s = RangeFunctionCall.newSeries(reusable, src.labels(), false, numSteps, retained);
                    reusable = s;
                }
                s.add(ts, cursor.v);
            }
            ctx.budget.loaded += cursor.read;
            if (s != null) {
                if (retained) {
                    ctx.budget.add(s.n);
                }
                sink.accept(s);
            }
        }
    }

    /**
     * A smoothed instant selector: the value at each step interpolated between the samples before
     * and after it (the last value when there is none after, nothing when there is none before).
     */
    private List<FloatSeries> smoothedSelector(VectorSelector vs) {
        SeriesSource src = select(vs, hints(vs, 0, null));
        long offset = vs.offsetNanos / 1_000_000;
        long lookback = ctx.lookbackMillis;
        SampleWindow w = new SampleWindow();
        List<FloatSeries> result = new ArrayList<>();
        while (src.next()) {
            ctx.interrupts.check(ENV);
            w.reset(src.iterator());
            FloatSeries s = null;
            for (long ts = start; ts <= end; ts += interval) {
                long dataTs = ts - offset;
                w.advance(dataTs - lookback, dataTs + lookback);
                if (w.size() == 0) {
                    continue;
                }
                int i = ExtendedRanges.firstAtOrAfter(w.t, w.from, w.to, dataTs);
                double value;
                if (i < w.to && w.t[i] == dataTs) {
                    value = w.v[i];
                } else if (i > w.from && i < w.to) {
                    value = ExtendedRanges.interpolate(w.t[i - 1], w.v[i - 1], w.t[i], w.v[i], dataTs, false);
                } else if (i > w.from) {
                    value = w.v[i - 1];
                } else {
                    continue;
                }
                ctx.budget.add(1);
                if (s == null) {
                    s = new FloatSeries(src.labels(), false, numSteps());
                }
                s.add(ts, value);
            }
            ctx.budget.loaded += w.read;
            if (s != null) {
                result.add(s);
            }
        }
        return result;
    }

    /** A range vector: the raw samples of each series in the range (instant queries only). */
    private List<FloatSeries> matrixSelector(MatrixSelector m) {
        VectorSelector vs = m.vectorSelector;
        long offset = vs.offsetNanos / 1_000_000;
        long range = m.rangeNanos / 1_000_000;
        long maxt = start - offset;
        long mint = maxt - range;
        long matrixMint = mint;
        long matrixMaxt = maxt;
        if (vs.anchored) {
            mint -= ctx.lookbackMillis;
        } else if (vs.smoothed) {
            mint -= ctx.lookbackMillis;
            maxt += ctx.lookbackMillis;
        }
        SeriesSource src = select(vs, hints(vs, range, null));
        SampleWindow w = new SampleWindow();
        List<FloatSeries> result = new ArrayList<>();
        while (src.next()) {
            ctx.interrupts.check(ENV);
            w.reset(src.iterator());
            w.advance(mint, maxt);
            ctx.budget.loaded += w.read;
            if (w.size() == 0) {
                continue;
            }
            FloatSeries s;
            if (vs.anchored || vs.smoothed) {
                s = ExtendedRanges.extend(src.labels(), w.t, w.v, w.from, w.to, matrixMint, matrixMaxt, vs.smoothed);
                if (s == null) {
                    continue;
                }
            } else {
                long[] t = Arrays.copyOfRange(w.t, w.from, w.to);
                double[] v = Arrays.copyOfRange(w.v, w.from, w.to);
                s = new FloatSeries(src.labels(), false, t, v, t.length);
            }
            ctx.budget.add(s.n);
            result.add(s);
        }
        return result;
    }

    // ---- function calls

    private List<FloatSeries> evalCall(Call e) {
        String name = e.func.name();
        if ((name.equals("timestamp") || name.equals("start_timestamp"))
                && e.args.get(0) instanceof VectorSelector vs) {
            return timestampOfSelector(vs, name.equals("start_timestamp"));
        }
        int matrixArg = matrixArg(e);
        switch (name) {
            case "label_replace" -> {
                return labelReplace(e);
            }
            case "label_join" -> {
                return labelJoin(e);
            }
            case "info" -> {
                return new InfoFunction(this).eval(e);
            }
            default -> {
                // evaluated below
            }
        }
        if ((name.equals("sort") || name.equals("sort_desc") || name.equals("sort_by_label")
                || name.equals("sort_by_label_desc")) && !instant()) {
            ctx.annotations.add(Annotation.sortInRangeQuery(e.posRange()));
        }
        if (matrixArg < 0) {
            InstantFunction f = FunctionTable.instant(name);
            if (f == null) {
                throw new QueryException(ErrorType.INTERNAL, "no implementation for function " + GoQuote.quote(name));
            }
            FunctionContext fctx = newFunctionContext();
            return rangeEval(null, (args, st, out) -> f.apply(args, e, st.fctx, out), fctx,
                    e.args.toArray(new Expr[0]));
        }
        return new RangeFunctionCall(this, e, matrixArg).eval();
    }

    /**
     * {@code timestamp(selector)}: the timestamp of the sample each step selects, not the step time
     * (which any other argument expression would give).
     */
    private List<FloatSeries> timestampOfSelector(VectorSelector vs, boolean startTimestamp) {
        SeriesSource src = select(vs, hints(vs, 0, null));
        long lookback = ctx.lookbackMillis;
        LookbackCursor cursor = new LookbackCursor();
        List<FloatSeries> result = new ArrayList<>();
        Set<Labels> seen = new HashSet<>();
        while (src.next()) {
            ctx.interrupts.check(ENV);
            cursor.reset(src.iterator());
            Labels metric = ctx.delayedNameRemoval ? src.labels() : MetadataLabels.drop(src.labels());
            FloatSeries s = null;
            for (long ts = start; ts <= end; ts += interval) {
                // With @, Prometheus selects the sample at the @ time for every step (ignoring offset).
                long ref = vs.timestamp != null ? vs.timestamp : ts - vs.offsetNanos / 1_000_000;
                if (!cursor.at(ref, lookback)) {
                    continue;
                }
                ctx.budget.add(1);
                if (startTimestamp) {
                    // Start timestamps are not available from the storage API.
                    continue;
                }
                if (s == null) {
                    s = new FloatSeries(metric, true, numSteps());
                }
                s.add(ts, cursor.t / 1000.0);
            }
            ctx.budget.loaded += cursor.read;
            if (s != null) {
                if (!seen.add(s.metric)) {
                    throw new QueryException(ErrorType.EXECUTION, SeriesLists.DUPLICATE_LABELSET);
                }
                result.add(s);
            }
        }
        return result;
    }

    private List<FloatSeries> labelReplace(Call e) {
        String dst = ((StringLiteral) e.args.get(1)).val;
        String repl = ((StringLiteral) e.args.get(2)).val;
        String src = ((StringLiteral) e.args.get(3)).val;
        String regex = ((StringLiteral) e.args.get(4)).val;
        Pattern p;
        try {
            p = Re2.compileAnchored(regex);
        } catch (RegexSyntaxException ex) {
            throw new QueryException(ErrorType.EXECUTION, "invalid regular expression in label_replace(): " + regex);
        }
        if (!Labels.isValidLabelName(dst)) {
            throw new QueryException(ErrorType.EXECUTION, "invalid destination label name in label_replace(): " + dst);
        }
        List<FloatSeries> m = eval(e.args.get(0));
        for (FloatSeries s : m) {
            Matcher matcher = p.matcher(s.metric.getOrEmpty(src));
            if (matcher.matches()) {
                String value = Re2.expand(repl, matcher);
                s.metric = s.metric.toBuilder().set(dst, value).build();
                if (dst.equals(Labels.METRIC_NAME)) {
                    s.dropName = false;
                }
            }
        }
        return mergeSeriesWithSameLabelset(m);
    }

    private List<FloatSeries> labelJoin(Call e) {
        String dst = ((StringLiteral) e.args.get(1)).val;
        String sep = ((StringLiteral) e.args.get(2)).val;
        String[] srcs = new String[e.args.size() - 3];
        for (int i = 3; i < e.args.size(); i++) {
            String s = ((StringLiteral) e.args.get(i)).val;
            if (!Labels.isValidLabelName(s)) {
                throw new QueryException(ErrorType.EXECUTION, "invalid source label name in label_join(): " + s);
            }
            srcs[i - 3] = s;
        }
        if (!Labels.isValidLabelName(dst)) {
            throw new QueryException(ErrorType.EXECUTION, "invalid destination label name in label_join(): " + dst);
        }
        List<FloatSeries> m = eval(e.args.get(0));
        StringBuilder sb = new StringBuilder();
        for (FloatSeries s : m) {
            sb.setLength(0);
            for (int i = 0; i < srcs.length; i++) {
                if (i > 0) {
                    sb.append(sep);
                }
                sb.append(s.metric.getOrEmpty(srcs[i]));
            }
            s.metric = s.metric.toBuilder().set(dst, sb.toString()).build();
            if (dst.equals(Labels.METRIC_NAME)) {
                s.dropName = false;
            }
        }
        return mergeSeriesWithSameLabelset(m);
    }

    // ---- unary minus

    private List<FloatSeries> evalUnary(UnaryExpr u) {
        List<FloatSeries> m = eval(u.expr);
        if (u.op != BinaryOp.SUB) {
            return m;
        }
        for (FloatSeries s : m) {
            if (!ctx.delayedNameRemoval) {
                s.metric = MetadataLabels.drop(s.metric);
            }
            s.dropName = true;
            for (int i = 0; i < s.n; i++) {
                s.v[i] = -s.v[i];
            }
        }
        if (!ctx.delayedNameRemoval) {
            m = mergeSeriesWithSameLabelset(m);
        }
        return m;
    }

    /**
     * Merges series that ended up with the same labels (after name removal) if their samples do not
     * overlap; fails with Prometheus's error if they do.
     */
    List<FloatSeries> mergeSeriesWithSameLabelset(List<FloatSeries> m) {
        if (m.size() <= 1 || !SeriesLists.containsSameLabelset(m)) {
            return m;
        }
        Map<Labels, List<FloatSeries>> byLabels = new LinkedHashMap<>();
        for (FloatSeries s : m) {
            byLabels.computeIfAbsent(s.metric, k -> new ArrayList<>(1)).add(s);
        }
        List<FloatSeries> merged = new ArrayList<>(byLabels.size());
        for (List<FloatSeries> group : byLabels.values()) {
            if (group.size() == 1) {
                merged.add(group.get(0));
                continue;
            }
            FloatSeries base = group.get(0);
            int total = 0;
            for (FloatSeries s : group) {
                total += s.n;
            }
            long[][] pairs = new long[total][];
            int k = 0;
            for (FloatSeries s : group) {
                for (int i = 0; i < s.n; i++) {
                    pairs[k++] = new long[] {s.t[i], Double.doubleToRawLongBits(s.v[i])};
                }
            }
            Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
            FloatSeries out = new FloatSeries(base.metric, base.dropName, total);
            for (int i = 0; i < total; i++) {
                if (i > 0 && pairs[i][0] == pairs[i - 1][0]) {
                    throw new QueryException(ErrorType.EXECUTION, SeriesLists.DUPLICATE_LABELSET);
                }
                out.add(pairs[i][0], Double.longBitsToDouble(pairs[i][1]));
            }
            merged.add(out);
        }
        return merged;
    }

    // ---- subqueries and step-invariant expressions

    /** The steps of a subquery as seen from this evaluator: aligned to the subquery's own step. */
    long[] subqueryTimeRange(SubqueryExpr s) {
        long offset = s.offsetNanos / 1_000_000;
        long range = s.rangeNanos / 1_000_000;
        long parentEnd = end;
        if (interval > 0) {
            parentEnd = start + ((end - start) / interval) * interval;
        }
        long subEnd = parentEnd - offset;
        long subInterval = s.stepNanos != 0 ? s.stepNanos / 1_000_000 : ctx.noStepSubqueryIntervalMillis;
        long subStart = subInterval * ((start - offset - range) / subInterval);
        if (subStart <= start - offset - range) {
            subStart += subInterval;
        }
        return new long[] {subStart, subEnd, subInterval};
    }

    /** Evaluates the inner expression of a subquery over the subquery's steps. */
    List<FloatSeries> runSubquery(SubqueryExpr s) {
        long[] r = subqueryTimeRange(s);
        Evaluator child = new Evaluator(ctx, r[0], r[1], r[2]);
        if (r[0] != start) {
            // Offsets for @ are relative to the start of the evaluation that uses them.
            Preprocessor.setOffsetForAtModifier(r[0], s.expr);
        }
        return child.eval(s.expr);
    }

    private List<FloatSeries> stepInvariant(StepInvariantExpr e) {
        Evaluator child = new Evaluator(ctx, start, start, interval);
        List<FloatSeries> res = child.eval(e.expr);
        if (e.expr instanceof MatrixSelector || e.expr instanceof SubqueryExpr) {
            return res;
        }
        int numSteps = numSteps();
        if (numSteps == 1) {
            return res;
        }
        for (FloatSeries s : res) {
            double v = s.v[0];
            FloatSeries full = new FloatSeries(s.metric, s.dropName, numSteps);
            for (long ts = start; ts <= end; ts += interval) {
                full.add(ts, v);
            }
            ctx.budget.add(numSteps - 1L);
            s.t = full.t;
            s.v = full.v;
            s.n = full.n;
        }
        return res;
    }
}
