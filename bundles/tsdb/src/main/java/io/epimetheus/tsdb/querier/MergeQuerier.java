package io.epimetheus.tsdb.querier;

import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries several sources (blocks oldest first, then the head) as one: series are merged by
 * labels, label names and values unioned.
 */
public final class MergeQuerier implements Querier {

    private final List<Querier> queriers;

    public MergeQuerier(List<Querier> queriers) {
        this.queriers = queriers;
    }

    @Override
    public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
        if (queriers.size() == 1) {
            return queriers.get(0).select(sorted, hints, matchers);
        }
        SeriesSet[] sets = new SeriesSet[queriers.size()];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = queriers.get(i).select(true, hints, matchers);
        }
        return new MergeSeriesSet(sets);
    }

    @Override
    public List<String> labelValues(String name, int limit, Matcher... matchers) {
        List<List<String>> all = new ArrayList<>();
        for (Querier q : queriers) {
            all.add(q.labelValues(name, 0, matchers));
        }
        return LabelQueries.mergeSorted(all, limit);
    }

    @Override
    public List<String> labelNames(int limit, Matcher... matchers) {
        List<List<String>> all = new ArrayList<>();
        for (Querier q : queriers) {
            all.add(q.labelNames(0, matchers));
        }
        return LabelQueries.mergeSorted(all, limit);
    }

    @Override
    public void close() {
        for (Querier q : queriers) {
            q.close();
        }
    }
}
