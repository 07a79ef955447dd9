package io.epimetheus.remote.read;

import io.epimetheus.api.model.Labels;
import java.util.Arrays;

/** The samples of one series as fetched by a remote-read client, in timestamp order. */
public final class SeriesData {

    final Labels labels;
    long[] t = new long[16];
    double[] v = new double[16];
    int n;

    public SeriesData(Labels labels) {
        this.labels = labels;
    }

    /** The same samples under other labels. */
    public SeriesData withLabels(Labels other) {
        SeriesData d = new SeriesData(other);
        d.t = t;
        d.v = v;
        d.n = n;
        return d;
    }

    public Labels labels() {
        return labels;
    }

    public int size() {
        return n;
    }

    public long t(int i) {
        return t[i];
    }

    public double v(int i) {
        return v[i];
    }

    void add(long ts, double val) {
        if (n == t.length) {
            t = Arrays.copyOf(t, n * 2);
            v = Arrays.copyOf(v, n * 2);
        }
        t[n] = ts;
        v[n] = val;
        n++;
    }
}
