package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.promql.value.Annotation;
import io.epimetheus.promql.value.Annotations;
import io.epimetheus.promql.value.FloatSeries;
import java.util.List;

/** The series a selector reads: from storage, or the in-memory result of a subquery. */
interface SeriesSource {

    /** Advances to the next series; false at the end. */
    boolean next();

    Labels labels();

    /** Whether the series already asks for its name to be dropped (subquery results). */
    boolean dropName();

    /** An iterator over the current series, reusing the previous one where possible. */
    SampleIterator iterator();

    /**
     * Series from storage. When the set is exhausted its warnings (e.g. a {@code remote_read}
     * endpoint that did not answer) join the query's annotations, as Prometheus reports storage
     * warnings.
     */
    static SeriesSource of(SeriesSet set, Annotations annotations) {
        return new SeriesSource() {
            private SampleIterator reuse;

            @Override
            public boolean next() {
                if (set.next()) {
                    return true;
                }
                for (String w : set.warnings()) {
                    annotations.add(Annotation.storageWarning(w));
                }
                return false;
            }

            @Override
            public Labels labels() {
                return set.labels();
            }

            @Override
            public boolean dropName() {
                return false;
            }

            @Override
            public SampleIterator iterator() {
                reuse = set.iterator(reuse);
                return reuse;
            }
        };
    }

    /** Series computed by a subquery. */
    static SeriesSource of(List<FloatSeries> series) {
        return new SeriesSource() {
            private final SeriesArrayIterator it = new SeriesArrayIterator();
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < series.size();
            }

            @Override
            public Labels labels() {
                return series.get(i).metric;
            }

            @Override
            public boolean dropName() {
                return series.get(i).dropName;
            }

            @Override
            public SampleIterator iterator() {
                return it.reset(series.get(i));
            }
        };
    }
}
