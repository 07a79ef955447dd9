package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import io.epimetheus.promql.value.FloatSeries;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Helpers for the list of series a node evaluates to. */
final class SeriesLists {

    static final String DUPLICATE_LABELSET = "vector cannot contain metrics with the same labelset";

    private SeriesLists() {
    }

    static long totalSamples(List<FloatSeries> m) {
        long n = 0;
        for (FloatSeries s : m) {
            n += s.n;
        }
        return n;
    }

    /** Whether two series have the same labels. */
    static boolean containsSameLabelset(List<FloatSeries> m) {
        if (m.size() < 2) {
            return false;
        }
        if (m.size() == 2) {
            return m.get(0).metric.equals(m.get(1).metric);
        }
        Set<Labels> seen = new HashSet<>(m.size() * 2);
        for (FloatSeries s : m) {
            if (!seen.add(s.metric)) {
                return true;
            }
        }
        return false;
    }
}
