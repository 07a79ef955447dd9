package io.epimetheus.remote.send;

import java.util.function.Predicate;

/**
 * A map from WAL series references to values without boxing the key, so looking up the series of
 * every sample read from the WAL allocates nothing. Open addressing with linear probing and
 * backward-shift deletion. Not thread-safe.
 */
final class SeriesRefMap<V> {

    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    SeriesRefMap() {
        keys = new long[64];
        values = new Object[64];
        mask = 63;
    }

    int size() {
        return size;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    void put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }

    /** Removes every entry whose value matches; rebuilds the table (rare: once per checkpoint). */
    @SuppressWarnings("unchecked")
    void removeIf(Predicate<V> drop) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length];
        values = new Object[oldValues.length];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null && !drop.test((V) oldValues[i])) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }
}
