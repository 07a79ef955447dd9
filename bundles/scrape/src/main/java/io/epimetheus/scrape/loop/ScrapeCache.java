package io.epimetheus.scrape.loop;

import io.epimetheus.api.model.Labels;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The per-target cache of scraped series, keyed by the raw series text of the exposition (metric
 * name and labels exactly as written). A series line seen before is found by hash and a byte
 * comparison, without building labels, relabeling or allocating: its entry holds the final labels
 * and the storage reference. Entries also track in which scrape a series was last stored, to write
 * staleness markers for series that disappear. Open addressing with linear probing. Not
 * thread-safe: owned by one scrape loop.
 */
final class ScrapeCache {

    /** One cached series. */
    static final class Entry {
        final byte[] key;
        final long hash;
        /** The final labels, or {@code null} when metric relabeling dropped the series. */
        final Labels labels;
        long ref;
        /** The last scrape in which the series was looked up. */
        long lastIter;
        /** The scrape in progress stored a sample of the series that staleness tracking covers. */
        long storedIter = -1;
        /** The last finished scrape in which such a sample was stored; -1 for none. */
        long seenIter = -1;

        Entry(byte[] key, long hash, Labels labels) {
            this.key = key;
            this.hash = hash;
            this.labels = labels;
        }

        boolean dropped() {
            return labels == null;
        }
    }

    /** Entries not looked up for this many scrapes are evicted. */
    private static final int KEEP_ITERATIONS = 10;

    private Entry[] table = new Entry[256];
    private int size;
    private long iter;

    /** Starts a scrape; returns its number. */
    long nextIteration() {
        return ++iter;
    }

    /**
     * The entry for {@code buf[off, off+len)} with hash {@code hash}, or {@code null}. The caller
     * updates {@link Entry#lastIter} (it first checks whether the series was already seen in this
     * scrape).
     */
    Entry get(byte[] buf, int off, int len, long hash) {
        Entry[] t = table;
        int mask = t.length - 1;
        for (int i = (int) mix(hash) & mask; ; i = (i + 1) & mask) {
            Entry e = t[i];
            if (e == null) {
                return null;
            }
            if (e.hash == hash && e.key.length == len && Arrays.equals(e.key, 0, len, buf, off, off + len)) {
                return e;
            }
        }
    }

    /** Adds an entry for a series not in the cache. */
    Entry add(byte[] buf, int off, int len, long hash, Labels labels) {
        if ((size + 1) * 4 > table.length * 3) {
            resize(table.length * 2);
        }
        Entry e = new Entry(Arrays.copyOfRange(buf, off, off + len), hash, labels);
        e.lastIter = iter;
        insert(table, e);
        size++;
        return e;
    }

    /**
     * Ends scrape {@code iteration}: after a success, series stored in it count as seen; every
     * series seen in the previous scrape and not now (all of them after a failure) goes to
     * {@code stale}.
     */
    void finishIteration(long iteration, boolean success, Consumer<Entry> stale) {
        long previous = iteration - 1;
        for (Entry e : table) {
            if (e == null || e.dropped()) {
                continue;
            }
            if (success && e.storedIter == iteration) {
                e.seenIter = iteration;
            } else if (e.seenIter == previous) {
                stale.accept(e);
            }
        }
    }

    /** Removes entries not looked up for a while (series that stopped being exposed). */
    void evictOld() {
        long cutoff = iter - KEEP_ITERATIONS;
        int live = 0;
        for (Entry e : table) {
            if (e != null && e.lastIter >= cutoff) {
                live++;
            }
        }
        if (live == size) {
            return;
        }
        int cap = table.length;
        while (cap > 256 && live * 4 < cap) {
            cap >>= 1;
        }
        Entry[] old = table;
        table = new Entry[cap];
        for (Entry e : old) {
            if (e != null && e.lastIter >= cutoff) {
                insert(table, e);
            }
        }
        size = live;
    }

    /** Forgets every storage reference (after the bound storage changed). */
    void clearRefs() {
        for (Entry e : table) {
            if (e != null) {
                e.ref = 0;
            }
        }
    }

    private void resize(int capacity) {
        Entry[] old = table;
        table = new Entry[capacity];
        for (Entry e : old) {
            if (e != null) {
                insert(table, e);
            }
        }
    }

    private static void insert(Entry[] t, Entry e) {
        int mask = t.length - 1;
        int i = (int) mix(e.hash) & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = e;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
