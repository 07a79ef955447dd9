package io.epimetheus.promql.value;

import io.epimetheus.api.model.Labels;
import java.util.Arrays;

/**
 * The samples of an instant vector at one step, as parallel arrays so a vector can be filled and
 * cleared at every step without allocating. {@link #origin} is the row of the input matrix the
 * sample came from (or -1), which lets functions cache per-series work across steps.
 */
public final class StepVector {

    public int size;
    public Labels[] metric;
    public double[] v;
    public long[] t;
    public boolean[] dropName;
    public int[] origin;

    public StepVector(int capacity) {
        int c = Math.max(capacity, 4);
        metric = new Labels[c];
        v = new double[c];
        t = new long[c];
        dropName = new boolean[c];
        origin = new int[c];
    }

    public void clear() {
        size = 0;
    }

    public void add(Labels m, long ts, double value, boolean drop, int row) {
        if (size == v.length) {
            grow();
        }
        metric[size] = m;
        t[size] = ts;
        v[size] = value;
        dropName[size] = drop;
        origin[size] = row;
        size++;
    }

    /** Appends element {@code i} of {@code other}. */
    public void addFrom(StepVector other, int i) {
        add(other.metric[i], other.t[i], other.v[i], other.dropName[i], other.origin[i]);
    }

    /** Reorders the elements: element {@code k} becomes the former element {@code order[k]}. */
    public void permute(int[] order) {
        Labels[] m = Arrays.copyOf(metric, size);
        double[] vv = Arrays.copyOf(v, size);
        long[] tt = Arrays.copyOf(t, size);
        boolean[] d = Arrays.copyOf(dropName, size);
        int[] o = Arrays.copyOf(origin, size);
        for (int k = 0; k < size; k++) {
            int j = order[k];
            metric[k] = m[j];
            v[k] = vv[j];
            t[k] = tt[j];
            dropName[k] = d[j];
            origin[k] = o[j];
        }
    }

    private void grow() {
        int c = v.length * 2;
        metric = Arrays.copyOf(metric, c);
        v = Arrays.copyOf(v, c);
        t = Arrays.copyOf(t, c);
        dropName = Arrays.copyOf(dropName, c);
        origin = Arrays.copyOf(origin, c);
    }
}
