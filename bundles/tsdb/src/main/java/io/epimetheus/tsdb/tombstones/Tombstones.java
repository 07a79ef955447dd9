package io.epimetheus.tsdb.tombstones;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Deleted intervals by series id, for one block or the head. Thread-safe: deletions may run
 * while queries read.
 */
public final class Tombstones {

    private final ConcurrentHashMap<Long, Intervals> byRef = new ConcurrentHashMap<>();

    public Intervals get(long ref) {
        if (byRef.isEmpty()) {
            return Intervals.NONE;
        }
        Intervals iv = byRef.get(ref);
        return iv == null ? Intervals.NONE : iv;
    }

    public void add(long ref, long mint, long maxt) {
        byRef.merge(ref, Intervals.of(mint, maxt), Intervals::addAll);
    }

    public void remove(long ref) {
        byRef.remove(ref);
    }

    public boolean isEmpty() {
        return byRef.isEmpty();
    }

    /** The number of (series, interval) pairs. */
    public long count() {
        long n = 0;
        for (Intervals iv : byRef.values()) {
            n += iv.size();
        }
        return n;
    }

    /** Visits every series' intervals in ascending id order. */
    public void forEachSorted(BiConsumer<Long, Intervals> c) {
        byRef.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> c.accept(e.getKey(), e.getValue()));
    }
}
