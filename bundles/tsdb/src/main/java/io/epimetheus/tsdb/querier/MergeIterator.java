package io.epimetheus.tsdb.querier;

import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.ValueType;

/**
 * Merges the sample iterators of one series from several sources (blocks, head) into one
 * timestamp-ordered stream. When sources hold the same timestamp, the later source wins (newer
 * data: the head over blocks, a later block over an earlier one) and the others' samples at that
 * timestamp are skipped.
 */
public final class MergeIterator implements SampleIterator {

    private final SampleIterator[] its;
    private final boolean[] has;
    private boolean started;
    private long t;
    private double v;
    private boolean valid;

    public MergeIterator(SampleIterator[] its) {
        this.its = its;
        this.has = new boolean[its.length];
    }

    @Override
    public ValueType next() {
        if (!started) {
            started = true;
            for (int i = 0; i < its.length; i++) {
                has[i] = its[i].next() != ValueType.NONE;
            }
        } else if (valid) {
            for (int i = 0; i < its.length; i++) {
                if (has[i] && its[i].t() == t) {
                    has[i] = its[i].next() != ValueType.NONE;
                }
            }
        }
        return pick();
    }

    private ValueType pick() {
        int best = -1;
        long bt = Long.MAX_VALUE;
        for (int i = 0; i < its.length; i++) {
            if (has[i] && (best < 0 || its[i].t() <= bt)) {
                bt = its[i].t();
                best = i;
            }
        }
        if (best < 0) {
            valid = false;
            return ValueType.NONE;
        }
        t = bt;
        v = its[best].v();
        valid = true;
        return ValueType.FLOAT;
    }

    @Override
    public ValueType seek(long ts) {
        if (valid && t >= ts) {
            return ValueType.FLOAT;
        }
        if (!started) {
            started = true;
            for (int i = 0; i < its.length; i++) {
                has[i] = its[i].seek(ts) != ValueType.NONE;
            }
            return pick();
        }
        for (int i = 0; i < its.length; i++) {
            if (has[i] && its[i].t() < ts) {
                has[i] = its[i].seek(ts) != ValueType.NONE;
            }
        }
        return pick();
    }

    @Override
    public long t() {
        return t;
    }

    @Override
    public double v() {
        return v;
    }
}
