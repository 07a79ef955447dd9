package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.promql.ast.AggregateOp;
import io.epimetheus.promql.functions.Kahan;
import io.epimetheus.promql.value.FloatSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * sum, avg, count, min, max, group, stddev and stdvar computed series by series: each input series
 * is folded into the running state of its group at each of its steps as soon as it is produced,
 * so the inputs are never held together. Within a group and step the values are combined in input
 * order, exactly as the step-by-step evaluation does, so the results are identical.
 */
final class StreamingAggregation implements SeriesSink {

    /** Whether an operator can be computed this way. */
    static boolean supports(AggregateOp op) {
        return switch (op) {
            case SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR -> true;
            default -> false;
        };
    }

    /** The state of one group at every step. */
    private static final class Row {
        final Labels labels;
        final double[] value;
        final double[] kahanC;
        final double[] count;
        final double[] mean;
        final long[] seen;
        final long[] incremental;
        final long[] dropName;

        Row(Labels labels, int steps, AggregateOp op) {
            this.labels = labels;
            this.value = new double[steps];
            boolean compensated = op == AggregateOp.SUM || op == AggregateOp.AVG;
            boolean counted = op == AggregateOp.AVG || op == AggregateOp.COUNT || op == AggregateOp.STDDEV
                    || op == AggregateOp.STDVAR;
            boolean averaged = op == AggregateOp.AVG || op == AggregateOp.STDDEV || op == AggregateOp.STDVAR;
            this.kahanC = compensated ? new double[steps] : null;
            this.count = counted ? new double[steps] : null;
            this.mean = averaged ? new double[steps] : null;
            int words = (steps + 63) >>> 6;
            this.seen = new long[words];
            this.incremental = op == AggregateOp.AVG ? new long[words] : null;
            this.dropName = new long[words];
        }
    }

    private final Evaluator ev;
    private final AggregateOp op;
    private final String[] grouping;
    private final String[] withoutNames;
    private final boolean without;
    private final int steps;
    private final Map<Labels, Row> rows = new HashMap<>();
    private final List<Row> order = new ArrayList<>();

    StreamingAggregation(Evaluator ev, AggregateOp op, String[] grouping, String[] withoutNames, boolean without) {
        this.ev = ev;
        this.op = op;
        this.grouping = grouping;
        this.withoutNames = withoutNames;
        this.without = without;
        this.steps = ev.numSteps();
    }

    @Override
    public boolean retains() {
        return false;
    }

    @Override
    public void accept(FloatSeries s) {
        Labels key = Aggregations.groupLabels(s.metric, without, grouping, withoutNames);
        Row r = rows.get(key);
        if (r == null) {
            ev.ctx.budget.add(steps);
            r = new Row(key, steps, op);
            rows.put(key, r);
            order.add(r);
        }
        // Samples are at step times in increasing order: find each step index without dividing.
        int k = 0;
        long stepTs = ev.start;
        for (int i = 0; i < s.n; i++) {
            long t = s.t[i];
            while (stepTs < t) {
                stepTs += ev.interval;
                k++;
            }
            add(r, k, s.v[i], s.dropName);
        }
    }

    private static boolean bit(long[] bits, int k) {
        return (bits[k >>> 6] & (1L << k)) != 0;
    }

    private static void setBit(long[] bits, int k) {
        bits[k >>> 6] |= 1L << k;
    }

    private void add(Row r, int k, double f, boolean dropName) {
        if (!bit(r.seen, k)) {
            setBit(r.seen, k);
            if (dropName) {
                setBit(r.dropName, k);
            }
            switch (op) {
                case STDVAR, STDDEV -> {
                    r.value[k] = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
                    r.mean[k] = f;
                    r.count[k] = 1;
                }
                case GROUP -> r.value[k] = 1;
                case AVG -> {
                    r.value[k] = f;
                    r.mean[k] = f;
                    r.count[k] = 1;
                }
                case COUNT -> r.count[k] = 1;
                default -> r.value[k] = f;
            }
            return;
        }
        if (dropName) {
            setBit(r.dropName, k);
        }
        switch (op) {
            case SUM -> {
                double t = r.value[k] + f;
                r.kahanC[k] = Kahan.compensation(f, r.value[k], r.kahanC[k], t);
                r.value[k] = t;
            }
            case AVG -> addToMean(r, k, f);
            case MAX -> {
                if (r.value[k] < f || Double.isNaN(r.value[k])) {
                    r.value[k] = f;
                }
            }
            case MIN -> {
                if (r.value[k] > f || Double.isNaN(r.value[k])) {
                    r.value[k] = f;
                }
            }
            case COUNT -> r.count[k]++;
            case STDVAR, STDDEV -> {
                double n = ++r.count[k];
                double delta = f - r.mean[k];
                r.mean[k] += delta / n;
                r.value[k] += delta * (f - r.mean[k]);
            }
            case GROUP -> {
                // nothing to accumulate
            }
            default -> throw new QueryException(ErrorType.INTERNAL, "not a streaming aggregation: " + op);
        }
    }

    /** The mean with Kahan summation, switching to an incremental mean if the sum would overflow. */
    private static void addToMean(Row r, int k, double f) {
        double count = ++r.count[k];
        if (!bit(r.incremental, k)) {
            double newV = r.value[k] + f;
            double newC = Kahan.compensation(f, r.value[k], r.kahanC[k], newV);
            if (!Double.isInfinite(newV)) {
                r.value[k] = newV;
                r.kahanC[k] = newC;
                return;
            }
            setBit(r.incremental, k);
            r.mean[k] = r.value[k] / (count - 1);
            r.kahanC[k] /= count - 1;
        }
        double q = (count - 1) / count;
        double inc = f / count;
        double base = q * r.mean[k];
        double baseC = q * r.kahanC[k];
        double t = base + inc;
        r.kahanC[k] = Kahan.compensation(inc, base, baseC, t);
        r.mean[k] = t;
    }

    /** The aggregated series, in the order their groups first appeared. */
    List<FloatSeries> result() {
        List<FloatSeries> out = new ArrayList<>(order.size());
        long samples = 0;
        for (Row r : order) {
            FloatSeries s = new FloatSeries(r.labels, false, Math.min(steps, 64));
            int last = -1;
            for (int k = 0; k < steps; k++) {
                if (!bit(r.seen, k)) {
                    continue;
                }
                s.add(ev.start + k * ev.interval, value(r, k));
                last = k;
            }
            if (last >= 0) {
                // As in step-wise evaluation, the name is dropped if the last step asks for it.
                s.dropName = bit(r.dropName, last);
                out.add(s);
                samples += s.n;
            }
        }
        ev.ctx.budget.add(samples - (long) steps * order.size());
        return out;
    }

    private double value(Row r, int k) {
        return switch (op) {
            case AVG -> bit(r.incremental, k) ? r.mean[k] + r.kahanC[k]
                    : r.value[k] / r.count[k] + r.kahanC[k] / r.count[k];
            case COUNT -> r.count[k];
            case STDVAR -> r.value[k] / r.count[k];
            case STDDEV -> Math.sqrt(r.value[k] / r.count[k]);
            case SUM -> r.value[k] + r.kahanC[k];
            default -> r.value[k];
        };
    }
}
