package io.epimetheus.promql.value;

import io.epimetheus.api.model.Labels;
import java.util.Arrays;

/**
 * A series of float samples produced during evaluation: the result of one node for one label set
 * over the steps of a query, or the samples of a range vector. Grows as samples are appended.
 */
public final class FloatSeries {

    public Labels metric;
    /** Whether {@code __name__} (and the other metadata labels) must be dropped at the end of evaluation. */
    public boolean dropName;
    public long[] t;
    public double[] v;
    public int n;

    public FloatSeries(Labels metric, boolean dropName, int capacity) {
        this.metric = metric;
        this.dropName = dropName;
        this.t = new long[Math.max(capacity, 1)];
        this.v = new double[Math.max(capacity, 1)];
    }

    public FloatSeries(Labels metric, boolean dropName, long[] t, double[] v, int n) {
        this.metric = metric;
        this.dropName = dropName;
        this.t = t;
        this.v = v;
        this.n = n;
    }

    /** Appends a sample; timestamps must not decrease. */
    public void add(long ts, double value) {
        if (n == t.length) {
            int cap = t.length * 2;
            t = Arrays.copyOf(t, cap);
            v = Arrays.copyOf(v, cap);
        }
        t[n] = ts;
        v[n] = value;
        n++;
    }
}
