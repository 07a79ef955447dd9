package io.epimetheus.remote.testing;

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
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.api.storage.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A small in-memory {@link Storage} for tests of the remote protocols: in-order appends per series
 * (out-of-order and duplicate samples rejected as the TSDB does), commit/rollback, and selection by
 * matchers. {@link #unavailable} makes every operation fail with a retryable error, as a storage
 * being replaced does.
 */
public final class MemStorage implements Storage {

    private final Map<Labels, Series> series = new TreeMap<>();
    public volatile boolean unavailable;

    static final class Series {
        long[] t = new long[16];
        double[] v = new double[16];
        int n;

        void add(long ts, double val) {
            if (n == t.length) {
                t = Arrays.copyOf(t, n * 2);
                v = Arrays.copyOf(v, n * 2);
            }
            t[n] = ts;
            v[n] = val;
            n++;
        }
    }

    public synchronized int seriesCount() {
        return series.size();
    }

    public synchronized long sampleCount() {
        long c = 0;
        for (Series s : series.values()) {
            c += s.n;
        }
        return c;
    }

    /** The samples of one series as "t=v" strings. */
    public synchronized List<String> samples(Labels labels) {
        Series s = series.get(labels);
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (int i = 0; i < s.n; i++) {
                out.add(s.t[i] + "=" + s.v[i]);
            }
        }
        return out;
    }

    public synchronized List<Labels> labels() {
        return new ArrayList<>(series.keySet());
    }

    /** Appends directly, committed. */
    public void put(Labels labels, long t, double v) {
        Appender a = appender();
        a.append(0, labels, t, v);
        a.commit();
    }

    @Override
    public Appender appender() {
        if (unavailable) {
            throw new StorageException("storage is being replaced", true);
        }
        return new Appender() {
            final List<Object[]> pending = new ArrayList<>();
            final Map<Labels, Long> lastPending = new TreeMap<>();

            @Override
            public long append(long ref, Labels labels, long t, double v) {
                if (unavailable) {
                    throw new StorageException("storage is being replaced", true);
                }
                long last = Long.MIN_VALUE;
                double lastV = 0;
                synchronized (MemStorage.this) {
                    Series s = series.get(labels);
                    if (s != null && s.n > 0) {
                        last = s.t[s.n - 1];
                        lastV = s.v[s.n - 1];
                    }
                }
                Long p = lastPending.get(labels);
                if (p != null && p >= last) {
                    if (t <= p) {
                        throw new AppendException(t == p ? AppendException.Reason.DUPLICATE
                                : AppendException.Reason.OUT_OF_ORDER);
                    }
                } else if (t < last) {
                    throw new AppendException(AppendException.Reason.OUT_OF_ORDER);
                } else if (t == last) {
                    if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(lastV)) {
                        throw new AppendException(AppendException.Reason.DUPLICATE);
                    }
                    return 1;
                }
                lastPending.put(labels, t);
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
                if (unavailable) {
                    throw new StorageException("storage is being replaced", true);
                }
                synchronized (MemStorage.this) {
                    for (Object[] p : pending) {
                        series.computeIfAbsent((Labels) p[0], k -> new Series()).add((Long) p[1], (Double) p[2]);
                    }
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
        synchronized (this) {
            for (Series s : series.values()) {
                if (s.n > 0) {
                    min = Math.min(min, s.t[0]);
                }
            }
        }
        return min;
    }

    @Override
    public Querier querier(long mint, long maxt) {
        if (unavailable) {
            throw new StorageException("storage is being replaced", true);
        }
        return new Querier() {
            @Override
            public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                List<Labels> ls = new ArrayList<>();
                List<Series> ss = new ArrayList<>();
                synchronized (MemStorage.this) {
                    outer:
                    for (Map.Entry<Labels, Series> e : series.entrySet()) {
                        for (Matcher m : matchers) {
                            if (!m.matches(e.getKey())) {
                                continue outer;
                            }
                        }
                        Series copy = new Series();
                        Series s = e.getValue();
                        for (int i = 0; i < s.n; i++) {
                            if (s.t[i] >= mint && s.t[i] <= maxt) {
                                copy.add(s.t[i], s.v[i]);
                            }
                        }
                        if (copy.n > 0) {
                            ls.add(e.getKey());
                            ss.add(copy);
                        }
                    }
                }
                return new SeriesSet() {
                    int i = -1;

                    @Override
                    public boolean next() {
                        return ++i < ls.size();
                    }

                    @Override
                    public Labels labels() {
                        return ls.get(i);
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        Series s = ss.get(i);
                        return new SampleIterator() {
                            int j = -1;

                            @Override
                            public ValueType next() {
                                return ++j < s.n ? ValueType.FLOAT : ValueType.NONE;
                            }

                            @Override
                            public ValueType seek(long t) {
                                if (j < 0) {
                                    j = 0;
                                }
                                while (j < s.n && s.t[j] < t) {
                                    j++;
                                }
                                return j < s.n ? ValueType.FLOAT : ValueType.NONE;
                            }

                            @Override
                            public long t() {
                                return s.t[j];
                            }

                            @Override
                            public double v() {
                                return s.v[j];
                            }
                        };
                    }
                };
            }

            @Override
            public List<String> labelValues(String name, int limit, Matcher... matchers) {
                TreeSet<String> out = new TreeSet<>();
                synchronized (MemStorage.this) {
                    for (Labels l : series.keySet()) {
                        String v = l.get(name);
                        if (v != null) {
                            out.add(v);
                        }
                    }
                }
                return new ArrayList<>(out);
            }

            @Override
            public List<String> labelNames(int limit, Matcher... matchers) {
                TreeSet<String> out = new TreeSet<>();
                synchronized (MemStorage.this) {
                    for (Labels l : series.keySet()) {
                        l.forEach((n, v) -> out.add(n));
                    }
                }
                return new ArrayList<>(out);
            }

            @Override
            public void close() {
            }
        };
    }
}
