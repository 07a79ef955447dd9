package io.epimetheus.tsdb.head;

import io.epimetheus.tsdb.format.encoding.EncBuf;
import java.util.Arrays;

/** The pending samples of one appender, pooled by the head so batches reuse their arrays. */
final class AppendBuffers {

    MemSeries[] series = new MemSeries[256];
    int[] refs = new int[256];
    long[] ts = new long[256];
    double[] vs = new double[256];
    int n;
    final EncBuf rec = new EncBuf(8192);

    void add(MemSeries s, long t, double v) {
        if (n == series.length) {
            int c = n * 2;
            series = Arrays.copyOf(series, c);
            refs = Arrays.copyOf(refs, c);
            ts = Arrays.copyOf(ts, c);
            vs = Arrays.copyOf(vs, c);
        }
        series[n] = s;
        refs[n] = s.ref;
        ts[n] = t;
        vs[n] = v;
        n++;
    }

    void clear() {
        Arrays.fill(series, 0, n, null);
        n = 0;
        rec.reset();
    }
}
