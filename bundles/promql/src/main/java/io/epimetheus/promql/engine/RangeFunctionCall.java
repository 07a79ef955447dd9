package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.MatrixSelector;
import io.epimetheus.promql.ast.PosRange;
import io.epimetheus.promql.ast.SubqueryExpr;
import io.epimetheus.promql.ast.VectorSelector;
import io.epimetheus.promql.functions.FunctionContext;
import io.epimetheus.promql.functions.FunctionTable;
import io.epimetheus.promql.functions.RangeFunction;
import io.epimetheus.promql.functions.RangeWindow;
import io.epimetheus.promql.value.Annotation;
import io.epimetheus.promql.value.FloatSeries;
import io.epimetheus.promql.value.MetadataLabels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A call of a range-vector function such as {@code rate(x[5m])}: each series of the range vector
 * is read once, through a window that slides with the steps, and the function is applied to the
 * window at every step. The range vector is a selector over storage or a subquery's result.
 */
final class RangeFunctionCall {

    private final Evaluator ev;
    private final Call call;
    private final int matrixArg;

    RangeFunctionCall(Evaluator ev, Call call, int matrixArg) {
        this.ev = ev;
        this.call = call;
        this.matrixArg = matrixArg;
    }

    /** Whether a call can hand out its series one by one: a range-vector function other than absent_over_time. */
    static boolean streamable(Call call, int matrixArg) {
        return matrixArg >= 0 && FunctionTable.range(call.func.name()) != null
                && !call.func.name().equals("absent_over_time");
    }

    /** All series of the call. */
    List<FloatSeries> eval() {
        List<FloatSeries> mat = new ArrayList<>();
        produce(mat::add, true);
        if (call.func.name().equals("absent_over_time")) {
            return absentOverTime(mat, call.args.get(matrixArg));
        }
        if (!ev.ctx.delayedNameRemoval && SeriesLists.containsSameLabelset(mat)) {
            throw new QueryException(ErrorType.EXECUTION, SeriesLists.DUPLICATE_LABELSET);
        }
        return mat;
    }

    /** Hands the series of the call to {@code sink} as each is computed. */
    void evalTo(SeriesSink sink) {
        SeriesSink target = sink;
        if (!ev.ctx.delayedNameRemoval) {
            Set<Labels> seen = new HashSet<>();
            target = new SeriesSink() {
                @Override
                public void accept(FloatSeries s) {
                    if (!seen.add(s.metric)) {
                        throw new QueryException(ErrorType.EXECUTION, SeriesLists.DUPLICATE_LABELSET);
                    }
                    sink.accept(s);
                }

                @Override
                public boolean retains() {
                    return sink.retains();
                }
            };
        }
        produce(target, sink.retains());
    }

    private void produce(SeriesSink sink, boolean retained) {
        String name = call.func.name();
        RangeFunction fn = FunctionTable.range(name);
        if (fn == null) {
            throw new QueryException(ErrorType.INTERNAL, "no implementation for function " + name);
        }
        Expr arg = call.args.get(matrixArg);
        VectorSelector vs;
        long rangeNanos;
        List<FloatSeries> subqueryResult = null;
        PosRange argPos;
        if (arg instanceof SubqueryExpr sq) {
            subqueryResult = ev.runSubquery(sq);
            vs = new VectorSelector("", List.of(), new PosRange(0, 0));
            vs.originalOffsetNanos = sq.originalOffsetNanos;
            vs.offsetNanos = sq.offsetNanos;
            vs.timestamp = sq.timestamp;
            if (sq.timestamp != null) {
                // The subquery's offset is not adjusted for @; its result is, relative to this evaluation.
                vs.offsetNanos = sq.originalOffsetNanos + (ev.start - sq.timestamp) * 1_000_000;
            }
            rangeNanos = sq.rangeNanos;
            argPos = new PosRange(0, 0);
        } else {
            MatrixSelector ms = (MatrixSelector) arg;
            vs = ms.vectorSelector;
            rangeNanos = ms.rangeNanos;
            argPos = arg.posRange();
        }

        // The other arguments are scalars: one value per step.
        List<List<FloatSeries>> scalarArgs = new ArrayList<>();
        for (int i = 0; i < call.args.size(); i++) {
            if (i != matrixArg) {
                scalarArgs.add(ev.eval(call.args.get(i)));
            }
        }
        if (vs.anchored && !FunctionTable.ANCHORED_SAFE.contains(name)) {
            throw new QueryException(ErrorType.EXECUTION, "anchored modifier can only be used with: "
                    + String.join(", ", FunctionTable.ANCHORED_SAFE) + " - not with " + name);
        }
        if (vs.smoothed && !FunctionTable.SMOOTHED_SAFE.contains(name)) {
            throw new QueryException(ErrorType.EXECUTION, "smoothed modifier can only be used with: "
                    + String.join(", ", FunctionTable.SMOOTHED_SAFE) + " - not with " + name);
        }

        long offset = vs.offsetNanos / 1_000_000;
        long range = rangeNanos / 1_000_000;
        long lookback = ev.ctx.lookbackMillis;
        SeriesSource src = subqueryResult != null ? SeriesSource.of(subqueryResult)
                : ev.select(vs, ev.hints(vs, range, name));

        // last_over_time and first_over_time select samples like an offset does: they keep the name.
        boolean dropName = !name.equals("last_over_time") && !name.equals("first_over_time");
        boolean counterInfo = name.equals("rate") || name.equals("increase");
        int numSteps = ev.numSteps();
        double[] params = new double[scalarArgs.size()];
        double[] result = new double[1];
        SampleWindow w = new SampleWindow();
        RangeWindow rw = new RangeWindow();
        rw.rangeSeconds = rangeNanos / 1e9;
        rw.anchored = vs.anchored;
        rw.smoothed = vs.smoothed;
        FunctionContext fctx = ev.newFunctionContext();
        SampleBudget budget = ev.ctx.budget;
        FloatSeries reusable = null;
        while (src.next()) {
            ev.ctx.interrupts.check(Evaluator.ENV);
            w.reset(src.iterator());
            Labels input = src.labels();
            boolean seriesDropName = dropName || src.dropName();
            Labels metric = !ev.ctx.delayedNameRemoval && seriesDropName ? MetadataLabels.drop(input) : input;
            rw.metric = input;
            FloatSeries out = null;
            int windowSize = 0;
            int step = -1;
            for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
                step++;
                for (int j = 0; j < params.length; j++) {
                    params[j] = scalarAt(scalarArgs.get(j), step);
                }
                // With @ the window is the same at every step: read it once.
                if (step == 0 || vs.timestamp == null) {
                    long maxt = ts - offset;
                    long mint = maxt - range;
                    if (vs.anchored) {
                        mint -= lookback;
                    } else if (vs.smoothed) {
                        mint -= lookback;
                        maxt += lookback;
                    }
                    w.advance(mint, maxt);
                    budget.add(w.size() - windowSize);
                    windowSize = w.size();
                }
                if (w.size() == 0) {
                    continue;
                }
                rw.t = w.t;
                rw.v = w.v;
                rw.from = w.from;
                rw.to = w.to;
                rw.decreases = w.decreases;
                rw.rangeStart = ts - (range + offset);
                rw.rangeEnd = ts - offset;
                fctx.ts = ts;
                if (fn.apply(rw, params, call, fctx, result)) {
                    if (out == null) {
                        out = newSeries(reusable, metric, seriesDropName, numSteps, retained);
                        reusable = out;
                    }
                    out.add(ts, result[0]);
                }
            }
            budget.add(-windowSize);
            budget.loaded += w.read;
            if (out != null) {
                if (retained) {
                    budget.add(out.n);
                }
                sink.accept(out);
                if (counterInfo) {
                    possibleNonCounterInfo(input, argPos);
                }
            }
        }
    }

    /** A series to fill: a new one, or the previous one again if the sink does not keep series. */
    static FloatSeries newSeries(FloatSeries reusable, Labels metric, boolean dropName, int numSteps,
            boolean retained) {
        if (retained || reusable == null) {
            return new FloatSeries(metric, dropName, numSteps);
        }
        reusable.metric = metric;
        reusable.dropName = dropName;
        reusable.n = 0;
        return reusable;
    }

    private static double scalarAt(List<FloatSeries> m, int step) {
        if (m.isEmpty()) {
            return Double.NaN;
        }
        FloatSeries s = m.get(0);
        return step < s.n ? s.v[step] : Double.NaN;
    }

    /** Prometheus's hint that rate() and increase() are meant for counters, judged by the metric name. */
    private void possibleNonCounterInfo(Labels input, PosRange pos) {
        String metricName = input.getOrEmpty(Labels.METRIC_NAME);
        if (metricName.isEmpty()) {
            return;
        }
        if (ev.ctx.typeAndUnitLabels) {
            String type = input.getOrEmpty(MetadataLabels.TYPE);
            if (!type.equals("counter") && !type.equals("histogram")) {
                ev.ctx.annotations.add(Annotation.possibleNonCounterLabel(metricName, type, pos));
            }
        } else if (!metricName.endsWith("_total") && !metricName.endsWith("_sum") && !metricName.endsWith("_count")
                && !metricName.endsWith("_bucket")) {
            ev.ctx.annotations.add(Annotation.possibleNonCounter(metricName, pos));
        }
    }

    /** One series with 1 at the steps where no input series has a sample. */
    private List<FloatSeries> absentOverTime(List<FloatSeries> mat, Expr arg) {
        int steps = ev.numSteps();
        for (FloatSeries s : mat) {
            if (s.n == steps) {
                return new ArrayList<>();
            }
        }
        Set<Long> found = new HashSet<>();
        for (int i = 0; i < mat.size(); i++) {
            FloatSeries s = mat.get(i);
            for (int j = 0; j < s.n; j++) {
                found.add(s.t[j]);
            }
            if (i > 0 && found.size() == steps) {
                return new ArrayList<>();
            }
        }
        FloatSeries out = new FloatSeries(FunctionTable.absentLabels(arg), true, steps - found.size());
        for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
            if (!found.contains(ts)) {
                out.add(ts, 1);
            }
        }
        List<FloatSeries> result = new ArrayList<>(1);
        result.add(out);
        return result;
    }
}
