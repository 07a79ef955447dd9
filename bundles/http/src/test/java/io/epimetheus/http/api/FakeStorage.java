package io.epimetheus.http.api;

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
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.api.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** An in-memory storage for endpoint tests: series with their samples, matched by the real matchers. */
final class FakeStorage implements Storage {

    record Stored(Labels labels, long[] ts, double[] vs) {
    }

    final TreeMap<Labels, Stored> series = new TreeMap<>();
    volatile boolean failing;
    volatile long lastMint;
    volatile long lastMaxt;

    FakeStorage add(Labels labels, long[] ts, double[] vs) {
        series.put(labels, new Stored(labels, ts, vs));
        return this;
    }

    @Override
    public Appender appender() {
        return new Appender() {
            @Override
            public long append(long ref, Labels labels, long t, double v) {
                Stored s = series.get(labels);
                long[] ts = s == null ? new long[] {t} : append(s.ts(), t);
                double[] vs = s == null ? new double[] {v} : append(s.vs(), v);
                add(labels, ts, vs);
                return 1;
            }

            private long[] append(long[] a, long v) {
                long[] r = java.util.Arrays.copyOf(a, a.length + 1);
                r[a.length] = v;
                return r;
            }

            private double[] append(double[] a, double v) {
                double[] r = java.util.Arrays.copyOf(a, a.length + 1);
                r[a.length] = v;
                return r;
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
            }

            @Override
            public void rollback() {
            }
        };
    }

    @Override
    public long minTime() {
        return series.isEmpty() ? Long.MAX_VALUE : series.firstEntry().getValue().ts()[0];
    }

    @Override
    public Querier querier(long mint, long maxt) {
        if (failing) {
            throw new StorageException("storage is closing", true);
        }
        lastMint = mint;
        lastMaxt = maxt;
        return new Querier() {
            @Override
            public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                List<Stored> out = new ArrayList<>();
                for (Stored s : series.values()) {
                    if (matches(s.labels(), matchers) && inRange(s, mint, maxt)) {
                        out.add(s);
                    }
                }
                return new SeriesSet() {
                    int i = -1;

                    @Override
                    public boolean next() {
                        return ++i < out.size();
                    }

                    @Override
                    public Labels labels() {
                        return out.get(i).labels();
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        Stored s = out.get(i);
                        return new SampleIterator() {
                            int k = -1;

                            @Override
                            public ValueType next() {
                                do {
                                    k++;
                                } while (k < s.ts().length && s.ts()[k] < mint);
                                return k < s.ts().length && s.ts()[k] <= maxt ? ValueType.FLOAT : ValueType.NONE;
                            }

                            @Override
                            public ValueType seek(long t) {
                                if (k < 0) {
                                    k = 0;
                                }
                                while (k < s.ts().length && (s.ts()[k] < t || s.ts()[k] < mint)) {
                                    k++;
                                }
                                return k < s.ts().length && s.ts()[k] <= maxt ? ValueType.FLOAT : ValueType.NONE;
                            }

                            @Override
                            public long t() {
                                return s.ts()[k];
                            }

                            @Override
                            public double v() {
                                return s.vs()[k];
                            }
                        };
                    }
                };
            }

            @Override
            public List<String> labelValues(String name, int limit, Matcher... matchers) {
                TreeSet<String> v = new TreeSet<>();
                for (Stored s : series.values()) {
                    if (matches(s.labels(), matchers) && inRange(s, mint, maxt) && s.labels().has(name)) {
                        v.add(s.labels().get(name));
                    }
                }
                return limit(new ArrayList<>(v), limit);
            }

            @Override
            public List<String> labelNames(int limit, Matcher... matchers) {
                TreeSet<String> v = new TreeSet<>();
                for (Stored s : series.values()) {
                    if (matches(s.labels(), matchers) && inRange(s, mint, maxt)) {
                        s.labels().forEach((n, x) -> v.add(n));
                    }
                }
                return limit(new ArrayList<>(v), limit);
            }

            @Override
            public void close() {
            }
        };
    }

    private static List<String> limit(List<String> l, int limit) {
        return limit > 0 && l.size() > limit ? l.subList(0, limit) : l;
    }

    private static boolean inRange(Stored s, long mint, long maxt) {
        for (long t : s.ts()) {
            if (t >= mint && t <= maxt) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(Labels l, Matcher... matchers) {
        for (Matcher m : matchers) {
            if (!m.matches(l.getOrEmpty(m.name()))) {
                return false;
            }
        }
        return true;
    }
}
