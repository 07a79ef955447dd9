package io.epimetheus.http.api;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link Queryable} for one query that keeps the warnings of every series set its queriers
 * return, such as a {@code remote_read} endpoint that did not answer, so the API reports them in
 * {@code warnings} as Prometheus does with its storage warnings. A set's warnings are taken when
 * it is exhausted (its delegate is then released) or, for one the engine stopped reading early,
 * when its querier closes.
 */
final class StorageWarnings implements Queryable {

    private final Queryable delegate;
    private final Set<String> warnings = new LinkedHashSet<>();

    StorageWarnings(Queryable delegate) {
        this.delegate = delegate;
    }

    /** The queryable the warnings are collected from. */
    Queryable delegate() {
        return delegate;
    }

    /** The warnings collected so far, without duplicates, in the order first seen. */
    synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    private synchronized void add(List<String> w) {
        warnings.addAll(w);
    }

    @Override
    public Querier querier(long mintMillis, long maxtMillis) {
        Querier q = delegate.querier(mintMillis, maxtMillis);
        return new Querier() {
            private final List<Tracked> open = new ArrayList<>();

            @Override
            public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                Tracked t = new Tracked(q.select(sorted, hints, matchers));
                open.add(t);
                return t;
            }

            @Override
            public List<String> labelValues(String name, int limit, Matcher... matchers) {
                return q.labelValues(name, limit, matchers);
            }

            @Override
            public List<String> labelNames(int limit, Matcher... matchers) {
                return q.labelNames(limit, matchers);
            }

            @Override
            public void close() {
                try {
                    for (Tracked t : open) {
                        t.harvest();
                    }
                    open.clear();
                } finally {
                    q.close();
                }
            }
        };
    }

    /** A series set whose warnings are taken once it is read to the end. */
    private final class Tracked implements SeriesSet {
        private SeriesSet set;
        private List<String> harvested = List.of();

        Tracked(SeriesSet set) {
            this.set = set;
        }

        void harvest() {
            if (set != null) {
                harvested = List.copyOf(set.warnings());
                add(harvested);
                set = null;
            }
        }

        @Override
        public boolean next() {
            if (set == null) {
                return false;
            }
            if (set.next()) {
                return true;
            }
            harvest();
            return false;
        }

        @Override
        public Labels labels() {
            return set.labels();
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            return set.iterator(reuse);
        }

        @Override
        public List<String> warnings() {
            return set == null ? harvested : set.warnings();
        }
    }
}
