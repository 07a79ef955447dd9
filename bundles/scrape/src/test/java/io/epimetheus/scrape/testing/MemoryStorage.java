package io.epimetheus.scrape.testing;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write-only in-memory storage for tests: keeps every committed sample per series, rejects
 * out-of-order and duplicate samples like the TSDB, and counts appends by reference.
 */
public final class MemoryStorage implements Storage {

    /** A stored sample. */
    public record Sample(long t, double v) {
        public boolean stale() {
            return StaleNaN.is(v);
        }
    }

    private final Map<Labels, List<Sample>> series = new LinkedHashMap<>();
    private final Map<Labels, Long> refs = new HashMap<>();
    private final Map<Labels, MetricMetadata> metadata = new HashMap<>();
    private final List<Exemplar> exemplars = new ArrayList<>();
    private long nextRef = 1;
    public int appendsByRef;
    public int commits;
    public int rollbacks;

    @Override
    public synchronized Appender appender() {
        return new Appender() {
            private final List<Object[]> pending = new ArrayList<>();
            private final Map<Labels, Long> lastT = new HashMap<>();

            @Override
            public long append(long ref, Labels labels, long t, double v) {
                synchronized (MemoryStorage.this) {
                    List<Sample> s = series.get(labels);
                    long last = lastT.getOrDefault(labels, s == null || s.isEmpty() ? Long.MIN_VALUE : s.get(s.size() - 1).t());
                    if (t < last) {
                        throw new AppendException(AppendException.Reason.OUT_OF_ORDER);
                    }
                    if (t == last && s != null && !s.isEmpty() && s.get(s.size() - 1).t() == t
                            && Double.doubleToRawLongBits(s.get(s.size() - 1).v()) != Double.doubleToRawLongBits(v)) {
                        throw new AppendException(AppendException.Reason.DUPLICATE);
                    }
                    lastT.put(labels, t);
                    long r = refs.computeIfAbsent(labels, l -> nextRef++);
                    if (ref == r) {
                        appendsByRef++;
                    }
                    pending.add(new Object[] {labels, new Sample(t, v)});
                    return r;
                }
            }

            @Override
            public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
                synchronized (MemoryStorage.this) {
                    exemplars.add(exemplar);
                    return refs.computeIfAbsent(labels, l -> nextRef++);
                }
            }

            @Override
            public long updateMetadata(long ref, Labels labels, MetricMetadata m) {
                synchronized (MemoryStorage.this) {
                    metadata.put(labels, m);
                    return refs.computeIfAbsent(labels, l -> nextRef++);
                }
            }

            @Override
            public void commit() {
                synchronized (MemoryStorage.this) {
                    for (Object[] p : pending) {
                        series.computeIfAbsent((Labels) p[0], l -> new ArrayList<>()).add((Sample) p[1]);
                    }
                    commits++;
                }
            }

            @Override
            public void rollback() {
                synchronized (MemoryStorage.this) {
                    pending.clear();
                    rollbacks++;
                }
            }
        };
    }

    @Override
    public Querier querier(long mintMillis, long maxtMillis) {
        throw new StorageException("the test storage is write-only", false);
    }

    @Override
    public long minTime() {
        return Long.MAX_VALUE;
    }

    /** The samples of a series, or an empty list. */
    public synchronized List<Sample> samples(Labels labels) {
        return List.copyOf(series.getOrDefault(labels, List.of()));
    }

    /** The last sample of a series, or {@code null}. */
    public synchronized Sample last(Labels labels) {
        List<Sample> s = series.get(labels);
        return s == null || s.isEmpty() ? null : s.get(s.size() - 1);
    }

    /** Every series with at least one sample. */
    public synchronized List<Labels> seriesLabels() {
        return List.copyOf(series.keySet());
    }

    public synchronized MetricMetadata metadata(Labels labels) {
        return metadata.get(labels);
    }

    public synchronized List<Exemplar> exemplars() {
        return List.copyOf(exemplars);
    }
}
