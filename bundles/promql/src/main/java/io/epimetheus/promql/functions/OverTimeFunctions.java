package io.epimetheus.promql.functions;

import io.epimetheus.promql.value.Annotation;

/** The {@code *_over_time} functions and the other aggregations of one series over a range. */
final class OverTimeFunctions {

    private OverTimeFunctions() {
    }

    static final RangeFunction COUNT = (w, params, call, ctx, result) -> {
        result[0] = w.size();
        return true;
    };

    static final RangeFunction PRESENT = (w, params, call, ctx, result) -> {
        result[0] = 1;
        return true;
    };

    /** Always 1; the engine turns the series that have data into the steps that have none. */
    static final RangeFunction ABSENT = PRESENT;

    static final RangeFunction LAST = (w, params, call, ctx, result) -> {
        result[0] = w.v[w.to - 1];
        return true;
    };

    static final RangeFunction FIRST = (w, params, call, ctx, result) -> {
        result[0] = w.v[w.from];
        return true;
    };

    static final RangeFunction TS_OF_FIRST = (w, params, call, ctx, result) -> {
        result[0] = w.t[w.from] / 1000.0;
        return true;
    };

    static final RangeFunction TS_OF_LAST = (w, params, call, ctx, result) -> {
        result[0] = w.t[w.to - 1] / 1000.0;
        return true;
    };

    static final RangeFunction MAX = (w, params, call, ctx, result) -> {
        double max = w.v[w.from];
        for (int i = w.from; i < w.to; i++) {
            double f = w.v[i];
            if (f > max || Double.isNaN(max)) {
                max = f;
            }
        }
        result[0] = max;
        return true;
    };

    static final RangeFunction MIN = (w, params, call, ctx, result) -> {
        double min = w.v[w.from];
        for (int i = w.from; i < w.to; i++) {
            double f = w.v[i];
            if (f < min || Double.isNaN(min)) {
                min = f;
            }
        }
        result[0] = min;
        return true;
    };

    static final RangeFunction TS_OF_MAX = (w, params, call, ctx, result) -> {
        double max = w.v[w.from];
        long ts = w.t[w.from];
        for (int i = w.from; i < w.to; i++) {
            double f = w.v[i];
            if (f >= max || Double.isNaN(max)) {
                max = f;
                ts = w.t[i];
            }
        }
        result[0] = ts / 1000.0;
        return true;
    };

    static final RangeFunction TS_OF_MIN = (w, params, call, ctx, result) -> {
        double min = w.v[w.from];
        long ts = w.t[w.from];
        for (int i = w.from; i < w.to; i++) {
            double f = w.v[i];
            if (f <= min || Double.isNaN(min)) {
                min = f;
                ts = w.t[i];
            }
        }
        result[0] = ts / 1000.0;
        return true;
    };

    static final RangeFunction SUM = (w, params, call, ctx, result) -> {
        double sum = 0;
        double c = 0;
        for (int i = w.from; i < w.to; i++) {
            double t = sum + w.v[i];
            c = Kahan.compensation(w.v[i], sum, c, t);
            sum = t;
        }
        result[0] = Double.isInfinite(sum) ? sum : sum + c;
        return true;
    };

    /**
     * The mean with Kahan summation, switching to an incremental mean if the running sum would
     * overflow (Prometheus's approach, which is the more accurate of the two until then).
     */
    static final RangeFunction AVG = (w, params, call, ctx, result) -> {
        double[] v = w.v;
        double sum = v[w.from];
        double count = 1;
        double mean = 0;
        double kahanC = 0;
        boolean incremental = false;
        for (int i = w.from + 1; i < w.to; i++) {
            double f = v[i];
            count = i - w.from + 1;
            if (!incremental) {
                double newSum = sum + f;
                double newC = Kahan.compensation(f, sum, kahanC, newSum);
                if (!Double.isInfinite(newSum)) {
                    sum = newSum;
                    kahanC = newC;
                    continue;
                }
                incremental = true;
                mean = sum / (count - 1);
                kahanC /= count - 1;
            }
            double q = (count - 1) / count;
            double inc = f / count;
            double base = q * mean;
            double baseC = q * kahanC;
            double t = base + inc;
            kahanC = Kahan.compensation(inc, base, baseC, t);
            mean = t;
        }
        result[0] = incremental ? mean + kahanC : sum / count + kahanC / count;
        return true;
    };

    static final RangeFunction STDDEV = (w, params, call, ctx, result) -> {
        result[0] = Math.sqrt(variance(w));
        return true;
    };

    static final RangeFunction STDVAR = (w, params, call, ctx, result) -> {
        result[0] = variance(w);
        return true;
    };

    /** Welford's algorithm with Kahan-compensated mean and sum of squares, as Prometheus computes it. */
    private static double variance(RangeWindow w) {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = w.from; i < w.to; i++) {
            double f = w.v[i];
            count++;
            double delta = f - (mean + cMean);
            double inc = delta / count;
            double t = mean + inc;
            cMean = Kahan.compensation(inc, mean, cMean, t);
            mean = t;
            double inc2 = delta * (f - (mean + cMean));
            double t2 = aux + inc2;
            cAux = Kahan.compensation(inc2, aux, cAux, t2);
            aux = t2;
        }
        return (aux + cAux) / count;
    }

    static final RangeFunction QUANTILE = (w, params, call, ctx, result) -> {
        double q = params[0];
        if (Double.isNaN(q) || q < 0 || q > 1) {
            ctx.annotations.add(Annotation.invalidQuantile(q, call.args.get(0).posRange()));
        }
        double[] values = ctx.scratch(w.size());
        System.arraycopy(w.v, w.from, values, 0, w.size());
        result[0] = Quantiles.quantile(q, values, w.size());
        return true;
    };

    /** The median absolute deviation; NaN if any sample is NaN. */
    static final RangeFunction MAD = (w, params, call, ctx, result) -> {
        int n = w.size();
        double[] buf = ctx.scratch(n);
        for (int i = 0; i < n; i++) {
            double f = w.v[w.from + i];
            if (Double.isNaN(f)) {
                result[0] = Double.NaN;
                return true;
            }
            buf[i] = f;
        }
        double median = Quantiles.quantile(0.5, buf, n);
        for (int i = 0; i < n; i++) {
            buf[i] = Math.abs(buf[i] - median);
        }
        result[0] = Quantiles.quantile(0.5, buf, n);
        return true;
    };

    /** Counter resets: decreases between consecutive samples. */
    static final RangeFunction RESETS = (w, params, call, ctx, result) -> {
        int start = firstSampleIndex(w);
        if (start < 0) {
            return false;
        }
        int resets = 0;
        for (int i = start + 1; i < w.to; i++) {
            if (w.v[i] < w.v[i - 1]) {
                resets++;
            }
        }
        result[0] = resets;
        return true;
    };

    /** Value changes between consecutive samples (NaN to NaN is no change). */
    static final RangeFunction CHANGES = (w, params, call, ctx, result) -> {
        int start = firstSampleIndex(w);
        if (start < 0) {
            return false;
        }
        int changes = 0;
        for (int i = start + 1; i < w.to; i++) {
            double cur = w.v[i];
            double prev = w.v[i - 1];
            if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                changes++;
            }
        }
        result[0] = changes;
        return true;
    };

    /**
     * Where counting starts: for anchored ranges the last sample at or before the range start (or the
     * first sample), -1 if no sample is inside the range; otherwise the first sample.
     */
    private static int firstSampleIndex(RangeWindow w) {
        if (!w.anchored) {
            return w.from;
        }
        int lastLE = ExtendedRanges.firstAfter(w.t, w.from, w.to, w.rangeStart) - 1;
        if (lastLE + 1 >= w.to) {
            return -1;
        }
        return Math.max(lastLE, w.from);
    }
}
