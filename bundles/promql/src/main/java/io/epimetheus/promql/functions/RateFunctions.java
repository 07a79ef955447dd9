package io.epimetheus.promql.functions;

/**
 * {@code rate}, {@code increase}, {@code delta}, {@code irate} and {@code idelta}, with
 * Prometheus's extrapolation to the range boundaries, counter-reset handling and the anchored and
 * smoothed variants.
 */
final class RateFunctions {

    private RateFunctions() {
    }

    static final RangeFunction RATE = (w, params, call, ctx, result) -> extrapolatedRate(w, true, true, result);
    static final RangeFunction INCREASE = (w, params, call, ctx, result) -> extrapolatedRate(w, true, false, result);
    static final RangeFunction DELTA = (w, params, call, ctx, result) -> extrapolatedRate(w, false, false, result);
    static final RangeFunction IRATE = (w, params, call, ctx, result) -> instantValue(w, true, result);
    static final RangeFunction IDELTA = (w, params, call, ctx, result) -> instantValue(w, false, result);

    /**
     * The increase (or delta) over the range, extrapolated towards the range boundaries when the
     * first and last samples are close to them, per second if {@code isRate}.
     */
    static boolean extrapolatedRate(RangeWindow w, boolean isCounter, boolean isRate, double[] result) {
        if (w.anchored || w.smoothed) {
            return w.size() > 0 && extendedRate(w, isCounter, isRate, result);
        }
        int n = w.size();
        if (n < 2) {
            return false;
        }
        long[] t = w.t;
        double[] v = w.v;
        int first = w.from;
        int last = w.to - 1;
        double delta = v[last] - v[first];
        if (isCounter && w.decreases > 0) {
            for (int i = first + 1; i <= last; i++) {
                if (v[i] < v[i - 1]) {
                    delta += v[i - 1];
                }
            }
        }
        double durationToStart = (t[first] - w.rangeStart) / 1000.0;
        double durationToEnd = (w.rangeEnd - t[last]) / 1000.0;
        double sampledInterval = (t[last] - t[first]) / 1000.0;
        double averageDurationBetweenSamples = sampledInterval / (n - 1);
        // Samples within 110% of the average spacing from a boundary are assumed to cover it; otherwise
        // the series is assumed to start or end half a spacing beyond its first or last sample.
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        if (durationToStart >= extrapolationThreshold) {
            durationToStart = averageDurationBetweenSamples / 2;
        }
        if (isCounter) {
            // A counter cannot go below zero: do not extrapolate past the point where it would.
            double durationToZero = durationToStart;
            if (delta > 0 && v[first] >= 0) {
                durationToZero = sampledInterval * (v[first] / delta);
            }
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= extrapolationThreshold) {
            durationToEnd = averageDurationBetweenSamples / 2;
        }
        double factor = 1.0;
        if (sampledInterval != 0) {
            factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        }
        if (isRate) {
            factor /= w.rangeSeconds;
        }
        result[0] = delta * factor;
        return true;
    }

    /**
     * The anchored and smoothed variants: the change between the value at the range start and at
     * the range end, each taken from the sample at or before the boundary (anchored) or
     * interpolated between the samples around it (smoothed), without extrapolation.
     */
    private static boolean extendedRate(RangeWindow w, boolean isCounter, boolean isRate, double[] result) {
        long[] t = w.t;
        double[] v = w.v;
        int lastIndex = w.to - 1;
        int firstIndex = Math.max(w.from, ExtendedRanges.firstAfter(t, w.from, lastIndex, w.rangeStart) - 1);
        if (w.smoothed) {
            lastIndex = ExtendedRanges.firstAtOrAfter(t, w.from, lastIndex, w.rangeEnd);
        }
        if (t[lastIndex] <= w.rangeStart) {
            return false;
        }
        if (w.smoothed && t[firstIndex] > w.rangeEnd) {
            return false;
        }
        double left = ExtendedRanges.pickOrInterpolateLeft(t, v, firstIndex, w.rangeStart, w.smoothed, isCounter);
        double right = ExtendedRanges.pickOrInterpolateRight(t, v, w.from, lastIndex, w.rangeEnd, w.smoothed, isCounter);
        double res = right - left;
        if (isCounter) {
            int first = firstIndex;
            int last = lastIndex;
            if (t[first] <= w.rangeStart) {
                first++;
            }
            if (t[last] >= w.rangeEnd) {
                last--;
            }
            res += correctForCounterResets(left, right, v, first, last);
        }
        if (isRate) {
            res /= w.rangeSeconds;
        }
        result[0] = res;
        return true;
    }

    private static double correctForCounterResets(double left, double right, double[] v, int first, int last) {
        double correction = 0;
        double prev = left;
        for (int i = first; i <= last; i++) {
            if (v[i] < prev) {
                correction += prev;
            }
            prev = v[i];
        }
        if (right < prev) {
            correction += prev;
        }
        return correction;
    }

    /** The change between the last two samples, per second if {@code isRate} (then resets count). */
    private static boolean instantValue(RangeWindow w, boolean isRate, double[] result) {
        if (w.size() < 2) {
            return false;
        }
        int last = w.to - 1;
        long interval = w.t[last] - w.t[last - 1];
        if (interval == 0) {
            return false;
        }
        double v0 = w.v[last - 1];
        double v1 = w.v[last];
        double r = v1;
        if (!isRate || !(v1 < v0)) {
            r = v1 - v0;
        }
        if (isRate) {
            r /= interval / 1000.0;
        }
        result[0] = r;
        return true;
    }
}
