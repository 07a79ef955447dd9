package io.epimetheus.itest.plugin;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import org.osgi.service.component.annotations.Component;

/**
 * A small in-memory {@link Storage} registered with a service ranking above the TSDB's, so that
 * installing this bundle makes every greedy consumer switch to it and uninstalling it makes them
 * fall back. It keeps float samples per series in append order and answers selections exactly.
 */
@Component(service = Storage.class, property = "service.ranking:Integer=1000")
public final class RankedMemoryStorage implements Storage {

    /** Samples of one series: growable parallel arrays, guarded by the series' monitor. */
    private static final class SeriesData {
        long[] t = new long[16];
        double[] v = new double[16];
        int n;

        synchronized void add(long ts, double value) {
            if (n > 0 && ts <= t[n - 1]) {
                throw new AppendException(ts == t[n - 1] ? AppendException.Reason.DUPLICATE
                        : AppendException.Reason.OUT_OF_ORDER);
            }
            if (n == t.length) {
                t = Arrays.copyOf(t, n * 2);
                v = Arrays.copyOf(v, n * 2);
            }
            t[n] = ts;
            v[n] = value;
            n++;
        }

        synchronized long[] times() {
            return Arrays.copyOf(t, n);
        }

        synchronized double[] values() {
            return Arrays.copyOf(v, n);
        }
    }

    private final Map<Labels, SeriesData> series = new ConcurrentSkipListMap<>();

    @Override
    public Appender appender() {
        return new Appender() {
            private final List<Object[]> pending = new ArrayList<>();

            @Override
            public long append(long ref, Labels labels, long t, double v) {
                pending.add(new Object[] {labels, t, v});
                return labels.hash() == 0 ? 1 : labels.hash();
            }

            @Override
            public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
                return ref;
            }

            @Override
            public long updateMetadata(long ref, Labels labels, MetricMetadata metadata) {
                return ref;
            }

            @Override
            public void commit() {
                for (Object[] p : pending) {
                    series.computeIfAbsent((Labels) p[0], k -> new SeriesData()).add((Long) p[1], (Double) p[2]);
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
    public long minTime() {
        long min = Long.MAX_VALUE;
        for (SeriesData d : series.values()) {
            long[] t = d.times();
            if (t.length > 0) {
                min = Math.min(min, t[0]);
            }
        }
        return min;
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new Querier() {
            @Override
            public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                List<Map.Entry<Labels, SeriesData>> hits = new ArrayList<>();
                for (Map.Entry<Labels, SeriesData> e : series.entrySet()) {
                    if (matchesAll(e.getKey(), matchers)) {
                        hits.add(e);
                    }
                }
                return new SeriesSet() {
                    private int i = -1;

                    @Override
                    public boolean next() {
                        return ++i < hits.size();
                    }

                    @Override
                    public Labels labels() {
                        return hits.get(i).getKey();
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        SeriesData d = hits.get(i).getValue();
                        return new RangeIterator(d.times(), d.values(), mint, maxt);
                    }
                };
            }

            @Override
            public List<String> labelValues(String name, int limit, Matcher... matchers) {
                TreeSet<String> out = new TreeSet<>();
                for (Labels l : series.keySet()) {
                    String v = l.get(name);
                    if (v != null && matchesAll(l, matchers)) {
                        out.add(v);
                    }
                }
                return limit(out, limit);
            }

            @Override
            public List<String> labelNames(int limit, Matcher... matchers) {
                TreeSet<String> out = new TreeSet<>();
                for (Labels l : series.keySet()) {
                    if (matchesAll(l, matchers)) {
                        for (int k = 0; k < l.size(); k++) {
                            out.add(l.name(k));
                        }
                    }
                }
                return limit(out, limit);
            }

            @Override
            public void close() {
            }
        };
    }

    private static boolean matchesAll(Labels labels, Matcher... matchers) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> limit(TreeSet<String> values, int limit) {
        List<String> out = new ArrayList<>(values);
        return limit > 0 && out.size() > limit ? out.subList(0, limit) : out;
    }

    /** Iterates the samples of a copied series within [mint, maxt]. */
    private static final class RangeIterator implements SampleIterator {
        private final long[] t;
        private final double[] v;
        private final long maxt;
        private int i;

        RangeIterator(long[] t, double[] v, long mint, long maxt) {
            this.t = t;
            this.v = v;
            this.maxt = maxt;
            int start = Arrays.binarySearch(t, mint);
            this.i = (start >= 0 ? start : -start - 1) - 1;
        }

        @Override
        public ValueType next() {
            if (i + 1 < t.length && t[i + 1] <= maxt) {
                i++;
                return ValueType.FLOAT;
            }
            i = t.length;
            return ValueType.NONE;
        }

        @Override
        public ValueType seek(long ts) {
            if (i >= 0 && i < t.length && t[i] >= ts) {
                return ValueType.FLOAT;
            }
            ValueType vt;
            do {
                vt = next();
            } while (vt == ValueType.FLOAT && t[i] < ts);
            return vt;
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
