package io.epimetheus.promql.engine;

import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.ValueType;
import java.util.Arrays;

/**
 * The samples of one series inside a sliding time window {@code (mint, maxt]}, for range-vector
 * functions evaluated at successive steps. The series is read once, in order; samples leaving the
 * window are dropped from the front and the buffer is reused for the next series. Staleness
 * markers are skipped.
 */
final class SampleWindow {

    long[] t = new long[64];
    double[] v = new double[64];
    /** The window is {@code t[from..to)}. */
    int from;
    int to;
    /** How many samples in the window are lower than their predecessor in the window (counter resets). */
    int decreases;

    private SampleIterator it;
    private boolean exhausted;
    private boolean hasPending;
    private long pendingT;
    private double pendingV;
    /** Samples read from the iterator since {@link #reset}. */
    long read;

    void reset(SampleIterator iterator) {
        it = iterator;
        exhausted = false;
        hasPending = false;
        from = 0;
        to = 0;
        decreases = 0;
        read = 0;
    }

    int size() {
        return to - from;
    }

    /** Moves the window to {@code (mint, maxt]}; both bounds must not decrease between calls. */
    void advance(long mint, long maxt) {
        while (from < to && t[from] <= mint) {
            if (from + 1 < to && v[from + 1] < v[from]) {
                decreases--;
            }
            from++;
        }
        if (from == to) {
            from = 0;
            to = 0;
            decreases = 0;
            if (!hasPending && !exhausted) {
                seek(mint + 1);
            } else if (hasPending && pendingT <= mint) {
                seek(mint + 1);
            }
        } else if (!hasPending && !exhausted) {
            nextPending();
        }
        while (hasPending && pendingT <= maxt) {
            if (pendingT > mint && !StaleNaN.is(pendingV)) {
                append(pendingT, pendingV);
            }
            nextPending();
        }
    }

    private void seek(long ts) {
        takePending(it.seek(ts));
    }

    private void nextPending() {
        takePending(it.next());
    }

    /** Holds the sample the iterator moved to, given the type its move returned. */
    private void takePending(ValueType moved) {
        if (moved == ValueType.NONE) {
            exhausted = true;
            hasPending = false;
        } else {
            hasPending = true;
            pendingT = it.t();
            pendingV = it.v();
            read++;
        }
    }

    private void append(long ts, double value) {
        if (to == t.length) {
            if (from > t.length / 2) {
                int n = to - from;
                System.arraycopy(t, from, t, 0, n);
                System.arraycopy(v, from, v, 0, n);
                from = 0;
                to = n;
            } else {
                t = Arrays.copyOf(t, t.length * 2);
                v = Arrays.copyOf(v, v.length * 2);
            }
        }
        if (to > from && value < v[to - 1]) {
            decreases++;
        }
        t[to] = ts;
        v[to] = value;
        to++;
    }
}
