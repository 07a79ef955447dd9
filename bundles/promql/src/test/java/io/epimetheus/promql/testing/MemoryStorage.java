package io.epimetheus.promql.testing;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simple in-memory {@link Storage} for tests: series sorted by labels, samples in sorted arrays;
 * a sample at an existing timestamp replaces the old one. Thread-safe for concurrent reads after
 * loading.
 */
public final class MemoryStorage implements Storage {

    private final Map<Labels, StoredSeries> series = new TreeMap<>();
    private final boolean creationOrder;

    /** A storage that returns series sorted by labels whether or not a select asks for it. */
    public MemoryStorage() {
        this(false);
    }

    /**
     * @param creationOrder whether selects that do not ask for sorted series get them in the order
     *     they were first added, as from a Prometheus head
     */
    public MemoryStorage(boolean creationOrder) {
        this.creationOrder = creationOrder;
    }

    /** The samples of one series. */
    private static final class StoredSeries {
        final Labels labels;
        final int created;
        long[] t = new long[16];
        double[] v = new double[16];
        int n;

        StoredSeries(Labels labels, int created) {
            this.labels = labels;
            this.created = created;
        }

        void add(long ts, double value) {
            int i = Arrays.binarySearch(t, 0, n, ts);
            if (i >= 0) {
                v[i] = value;
                return;
            }
            i = -i - 1;
            if (n == t.length) {
                t = Arrays.copyOf(t, n * 2);
                v = Arrays.copyOf(v, n * 2);
            }
            System.arraycopy(t, i, t, i + 1, n - i);
            System.arraycopy(v, i, v, i + 1, n - i);
            t[i] = ts;
            v[i] = value;
            n++;
        }
    }

    /** Adds a sample directly (no appender needed for test data). */
    public synchronized void add(Labels labels, long t, double v) {
        series.computeIfAbsent(labels, l -> new StoredSeries(l, series.size())).add(t, v);
    }

    /** Removes all data. */
    public synchronized void clear() {
        series.clear();
    }

    @Override
    public Appender appender() {
        return new Appender() {
            private final List<Object[]> pending = new ArrayList<>();

            @Override
            public long append(long ref, Labels labels, long t, double v) {
                pending.add(new Object[] {labels, t, v});
                return 1;
            }

            @Override
            public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
                return 1;
            }

            @Override
            public long updateMetadata(long ref, Labels labels, MetricMetadata metadata) {
                return 1;
            }

            @Override
            public void commit() {
                for (Object[] p : pending) {
                    add((Labels) p[0], (Long) p[1], (Double) p[2]);
                }
                pending.clear();
            }

            @Override
            public void rollback() {
                pending.clear();
            }
        };
    }

    @Override
    public synchronized long minTime() {
        long min = Long.MAX_VALUE;
        for (StoredSeries s : series.values()) {
            if (s.n > 0) {
                min = Math.min(min, s.t[0]);
            }
        }
        return min;
    }

    @Override
    public synchronized Querier querier(long mint, long maxt) {
        List<StoredSeries> snapshot = new ArrayList<>(series.values());
        return new Querier() {
            @Override
            public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                List<StoredSeries> matching = new ArrayList<>();
                for (StoredSeries s : snapshot) {
                    if (matchesAll(s.labels, matchers)) {
                        int from = lowerBound(s.t, s.n, mint);
                        int to = lowerBound(s.t, s.n, maxt + 1);
                        if (to > from) {
                            matching.add(s);
                        }
                    }
                }
                if (creationOrder && !sorted) {
                    matching.sort(Comparator.comparingInt(s -> s.created));
                }
                return new SeriesSet() {
                    private int i = -1;

                    @Override
                    public boolean next() {
                        return ++i < matching.size();
                    }

                    @Override
                    public Labels labels() {
                        return matching.get(i).labels;
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        StoredSeries s = matching.get(i);
                        return new ArrayIterator(s.t, s.v, lowerBound(s.t, s.n, mint), lowerBound(s.t, s.n, maxt + 1));
                    }
                };
            }

            @Override
            public List<String> labelValues(String name, int limit, Matcher... matchers) {
                TreeSet<String> values = new TreeSet<>(Labels::compareStrings);
                for (StoredSeries s : snapshot) {
                    String v = s.labels.get(name);
                    if (v != null && matchesAll(s.labels, matchers)) {
                        values.add(v);
                    }
                }
                return limited(new ArrayList<>(values), limit);
            }

            @Override
            public List<String> labelNames(int limit, Matcher... matchers) {
                TreeSet<String> names = new TreeSet<>(Labels::compareStrings);
                for (StoredSeries s : snapshot) {
                    if (matchesAll(s.labels, matchers)) {
                        for (int k = 0; k < s.labels.size(); k++) {
                            names.add(s.labels.name(k));
                        }
                    }
                }
                return limited(new ArrayList<>(names), limit);
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }

    private static List<String> limited(List<String> l, int limit) {
        return limit > 0 && l.size() > limit ? l.subList(0, limit) : l;
    }

    private static boolean matchesAll(Labels labels, Matcher[] matchers) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static int lowerBound(long[] t, int n, long ts) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < ts) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Iterates {@code t[from..to)}. */
    private static final class ArrayIterator implements SampleIterator {
        private final long[] t;
        private final double[] v;
        private final int from;
        private final int to;
        private int i;

        ArrayIterator(long[] t, double[] v, int from, int to) {
            this.t = t;
            this.v = v;
            this.from = from;
            this.to = to;
            this.i = from - 1;
        }

        @Override
        public ValueType next() {
            if (i < to) {
                i++;
            }
            return i < to ? ValueType.FLOAT : ValueType.NONE;
        }

        @Override
        public ValueType seek(long ts) {
            if (i < from) {
                i = from;
            }
            while (i < to && t[i] < ts) {
                i++;
            }
            return i < to ? ValueType.FLOAT : ValueType.NONE;
        }

        @Override
        public long t() {
            return t[i];
        }

        @Override
        public double v() {
            return v[i];
        }
    }
}
