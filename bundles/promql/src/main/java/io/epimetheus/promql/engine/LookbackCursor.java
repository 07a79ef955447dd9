package io.epimetheus.promql.engine;

import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.ValueType;

/**
 * Finds, for increasing reference times, the latest sample of one series within the lookback
 * window, reading the series once: the instant-vector selection of a range query. Skips ahead with
 * {@link SampleIterator#seek} when steps are far apart. A staleness marker hides the series until
 * its next sample.
 */
final class LookbackCursor {

    private SampleIterator it;
    private boolean exhausted;
    private boolean hasPending;
    private long pendingT;
    private double pendingV;
    private boolean hasPrev;
    /** Timestamp of the sample found by the last successful {@link #at}. */
    long t;
    /** Value of the sample found by the last successful {@link #at}. */
    double v;
    /** Samples read from the iterator since {@link #reset}. */
    long read;

    void reset(SampleIterator iterator) {
        it = iterator;
        exhausted = false;
        hasPending = false;
        hasPrev = false;
        read = 0;
    }

    /**
     * Whether the series has a non-stale sample in {@code (refTime - lookback, refTime]}; if so it
     * is in {@link #t} and {@link #v}. Reference times must not decrease between calls.
     */
    boolean at(long refTime, long lookback) {
        long minT = refTime - lookback + 1;
        if (!hasPending && !exhausted) {
            if (it.seek(minT) == ValueType.NONE) {
                exhausted = true;
            } else {
                take();
            }
            hasPrev = false;
        } else if (hasPending && pendingT < minT) {
            // Everything up to minT is too old to matter: skip it.
            if (it.seek(minT) == ValueType.NONE) {
                exhausted = true;
                hasPending = false;
            } else {
                take();
            }
            hasPrev = false;
        }
        while (hasPending && pendingT <= refTime) {
            t = pendingT;
            v = pendingV;
            hasPrev = true;
            if (it.next() == ValueType.NONE) {
                exhausted = true;
                hasPending = false;
            } else {
                take();
            }
        }
        return hasPrev && t >= minT && !StaleNaN.is(v);
    }

    private void take() {
        hasPending = true;
        pendingT = it.t();
        pendingV = it.v();
        read++;
    }
}
