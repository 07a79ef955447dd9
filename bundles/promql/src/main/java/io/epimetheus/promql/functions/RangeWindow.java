package io.epimetheus.promql.functions;

import io.epimetheus.api.model.Labels;

/**
 * The samples of one series inside the range of a range-vector function at one step: {@code
 * t[from..to)} and {@code v[from..to)}, all within {@code (rangeStart, rangeEnd]} (for anchored
 * and smoothed selectors, extended by the lookback delta as Prometheus does). The arrays belong to
 * the engine and change at the next step.
 */
public final class RangeWindow {

    public long[] t;
    public double[] v;
    public int from;
    public int to;
    /** How many samples are lower than the sample before them in the window: 0 means no counter resets. */
    public int decreases;
    /** The exclusive start of the range, ms. */
    public long rangeStart;
    /** The inclusive end of the range, ms. */
    public long rangeEnd;
    /** The range of the selector, seconds. */
    public double rangeSeconds;
    public boolean anchored;
    public boolean smoothed;
    /** The labels of the series, for annotations. */
    public Labels metric;

    public int size() {
        return to - from;
    }
}
