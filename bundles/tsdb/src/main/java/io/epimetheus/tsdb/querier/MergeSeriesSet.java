package io.epimetheus.tsdb.querier;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Merges label-sorted series sets (one per block and the head, oldest first) into one sorted
 * set; a series present in several sources yields one series whose samples are merged, later
 * sources winning on equal timestamps.
 */
public final class MergeSeriesSet implements SeriesSet {

    private final SeriesSet[] sets;
    private final boolean[] has;
    private final int[] group;
    private int groupSize;
    private boolean started;

    public MergeSeriesSet(SeriesSet[] sets) {
        this.sets = sets;
        this.has = new boolean[sets.length];
        this.group = new int[sets.length];
    }

    @Override
    public boolean next() {
        if (!started) {
            started = true;
            for (int i = 0; i < sets.length; i++) {
                has[i] = sets[i].next();
            }
        } else {
            for (int k = 0; k < groupSize; k++) {
                has[group[k]] = sets[group[k]].next();
            }
        }
        groupSize = 0;
        Labels min = null;
        for (int i = 0; i < sets.length; i++) {
            if (!has[i]) {
                continue;
            }
            Labels l = sets[i].labels();
            int c = min == null ? -1 : l.compareTo(min);
            if (c < 0) {
                min = l;
                groupSize = 0;
                group[groupSize++] = i;
            } else if (c == 0) {
                group[groupSize++] = i;
            }
        }
        return groupSize > 0;
    }

    @Override
    public Labels labels() {
        if (groupSize == 0) {
            throw new NoSuchElementException("no current series");
        }
        return sets[group[0]].labels();
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        if (groupSize == 0) {
            throw new NoSuchElementException("no current series");
        }
        if (groupSize == 1) {
            return sets[group[0]].iterator(reuse instanceof MergeIterator ? null : reuse);
        }
        SampleIterator[] its = new SampleIterator[groupSize];
        for (int k = 0; k < groupSize; k++) {
            its[k] = sets[group[k]].iterator(null);
        }
        return new MergeIterator(its);
    }

    @Override
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (SeriesSet s : sets) {
            w.addAll(s.warnings());
        }
        return w;
    }
}
