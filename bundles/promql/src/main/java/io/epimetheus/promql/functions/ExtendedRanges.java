package io.epimetheus.promql.functions;

import io.epimetheus.api.model.Labels;
import io.epimetheus.promql.value.FloatSeries;

/**
 * The boundary values of anchored and smoothed ranges: the sample at or before a boundary, or the
 * value interpolated between the samples around it.
 */
public final class ExtendedRanges {

    private ExtendedRanges() {
    }

    /** The first index in {@code [from, toExclusive)} with {@code t > ts}, or {@code toExclusive}. */
    public static int firstAfter(long[] t, int from, int toExclusive, long ts) {
        int lo = from;
        int hi = toExclusive;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] > ts) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The first index in {@code [from, toExclusive)} with {@code t >= ts}, or {@code toExclusive}. */
    public static int firstAtOrAfter(long[] t, int from, int toExclusive, long ts) {
        int lo = from;
        int hi = toExclusive;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] >= ts) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    public static double pickOrInterpolateLeft(long[] t, double[] v, int first, long rangeStart, boolean smoothed,
            boolean isCounter) {
        if (smoothed && t[first] < rangeStart) {
            return interpolate(t[first], v[first], t[first + 1], v[first + 1], rangeStart, isCounter);
        }
        return v[first];
    }

    public static double pickOrInterpolateRight(long[] t, double[] v, int from, int last, long rangeEnd, boolean smoothed,
            boolean isCounter) {
        if (smoothed && last > from && t[last] > rangeEnd) {
            return interpolate(t[last - 1], v[last - 1], t[last], v[last], rangeEnd, isCounter);
        }
        return v[last];
    }

    /** Linear interpolation at {@code ts}; after a counter reset the counter is taken to restart from 0. */
    public static double interpolate(long t1, double y1, long t2, double y2, long ts, boolean isCounter) {
        if (isCounter && y2 < y1) {
            y1 = 0;
        }
        return y1 + (y2 - y1) * (double) (ts - t1) / (double) (t2 - t1);
    }

    /**
     * A range vector element for an anchored or smoothed selector: the samples of {@code t[from..to)}
     * inside {@code (mint, maxt)} framed by the boundary values at {@code mint} and {@code maxt};
     * null if no sample is after {@code mint}.
     */
    public static FloatSeries extend(Labels metric, long[] t, double[] v, int from, int to, long mint, long maxt,
            boolean smoothed) {
        int last = to - 1;
        int first = Math.max(from, firstAfter(t, from, last, mint) - 1);
        if (smoothed) {
            last = firstAtOrAfter(t, from, last, maxt);
        }
        if (t[last] <= mint) {
            return null;
        }
        double left = pickOrInterpolateLeft(t, v, first, mint, smoothed, false);
        double right = pickOrInterpolateRight(t, v, from, last, maxt, smoothed, false);
        if (t[first] <= mint) {
            first++;
        }
        if (t[last] >= maxt) {
            last--;
        }
        int count = Math.max(last - first + 1, 0);
        FloatSeries s = new FloatSeries(metric, false, count + 2);
        s.add(mint, left);
        for (int i = first; i <= last; i++) {
            s.add(t[i], v[i]);
        }
        s.add(maxt, right);
        return s;
    }
}
