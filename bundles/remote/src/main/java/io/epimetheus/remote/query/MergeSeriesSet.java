package io.epimetheus.remote.query;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges series sets that are each sorted by labels into one sorted set. A series present in
 * several sets becomes one series whose samples are merged by timestamp; at equal timestamps the
 * set listed first wins (local storage before remote endpoints), so overlapping data is not
 * doubled. Warnings of all sets are kept.
 */
final class MergeSeriesSet implements SeriesSet {

    private final SeriesSet[] sets;
    private final boolean[] has; // whether sets[i] has a current series not yet consumed
    private final boolean[] inCurrent;
    private final List<String> warnings;
    private boolean started;
    private Labels current;

    MergeSeriesSet(List<SeriesSet> sets, List<String> extraWarnings) {
        this.sets = sets.toArray(new SeriesSet[0]);
        this.has = new boolean[this.sets.length];
        this.inCurrent = new boolean[this.sets.length];
        List<String> w = new ArrayList<>(extraWarnings);
        this.warnings = w;
    }

    @Override
    public boolean next() {
        if (!started) {
            started = true;
            for (int i = 0; i < sets.length; i++) {
                has[i] = sets[i].next();
            }
        } else {
            for (int i = 0; i < sets.length; i++) {
                if (inCurrent[i]) {
                    has[i] = sets[i].next();
                }
            }
        }
        current = null;
        for (int i = 0; i < sets.length; i++) {
            if (has[i] && (current == null || sets[i].labels().compareTo(current) < 0)) {
                current = sets[i].labels();
            }
        }
        for (int i = 0; i < sets.length; i++) {
            inCurrent[i] = has[i] && sets[i].labels().equals(current);
        }
        if (current == null) {
            for (SeriesSet s : sets) {
                warnings.addAll(s.warnings());
            }
            return false;
        }
        return true;
    }

    @Override
    public Labels labels() {
        return current;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        SampleIterator result = null;
        for (int i = sets.length - 1; i >= 0; i--) {
            if (inCurrent[i]) {
                SampleIterator it = sets[i].iterator(null);
                result = result == null ? it : new MergeIterator(it, result);
            }
        }
        return result;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    /** Two iterators merged by timestamp; {@code a} wins at equal timestamps. */
    static final class MergeIterator implements SampleIterator {
        private final SampleIterator a;
        private final SampleIterator b;
        private ValueType ta = ValueType.NONE;
        private ValueType tb = ValueType.NONE;
        private boolean started;
        private SampleIterator cur;

        MergeIterator(SampleIterator a, SampleIterator b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public ValueType next() {
            if (!started) {
                started = true;
                ta = a.next();
                tb = b.next();
            } else if (cur == a) {
                if (tb != ValueType.NONE && b.t() == a.t()) {
                    tb = b.next();
                }
                ta = a.next();
            } else if (cur == b) {
                tb = b.next();
            }
            return pick();
        }

        private ValueType pick() {
            if (ta == ValueType.NONE && tb == ValueType.NONE) {
                cur = null;
                return ValueType.NONE;
            }
            if (tb == ValueType.NONE || (ta != ValueType.NONE && a.t() <= b.t())) {
                cur = a;
                return ta;
            }
            cur = b;
            return tb;
        }

        @Override
        public ValueType seek(long t) {
            if (!started) {
                started = true;
                ta = a.seek(t);
                tb = b.seek(t);
                return pick();
            }
            if (cur != null && cur.t() >= t) {
                return cur == a ? ta : tb;
            }
            if (ta != ValueType.NONE) {
                ta = a.seek(t);
            }
            if (tb != ValueType.NONE) {
                tb = b.seek(t);
            }
            return pick();
        }

        @Override
        public long t() {
            return cur.t();
        }

        @Override
        public double v() {
            return cur.v();
        }
    }
}
