package io.epimetheus.tsdb.head;

import io.epimetheus.api.model.Labels;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The head's series by id and by labels. Ids are dense and never reused, so the id lookup is two
 * array reads in pages of 4096 (a page is dropped when all its series are gone); the labels
 * lookup is a concurrent hash map on the labels' precomputed hash.
 */
final class SeriesMap {

    private static final int PAGE_BITS = 12;
    private static final int PAGE = 1 << PAGE_BITS;

    private final ConcurrentHashMap<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
    private volatile MemSeries[][] pages = new MemSeries[16][];
    private final Object pagesLock = new Object();
    private int[] counts = new int[16]; // live series per page, guarded by pagesLock

    MemSeries get(int ref) {
        MemSeries[][] p = pages;
        int pi = ref >>> PAGE_BITS;
        if (pi >= p.length) {
            return null;
        }
        MemSeries[] page = p[pi];
        return page == null ? null : page[ref & (PAGE - 1)];
    }

    MemSeries get(Labels labels) {
        return byLabels.get(labels);
    }

    int size() {
        return byLabels.size();
    }

    /** The existing series with these labels, or {@code created} after registering it. */
    MemSeries putIfAbsent(MemSeries created) {
        MemSeries prev = byLabels.putIfAbsent(created.labels, created);
        if (prev != null) {
            return prev;
        }
        setRef(created.ref, created);
        return created;
    }

    private void setRef(int ref, MemSeries s) {
        synchronized (pagesLock) {
            MemSeries[][] p = pages;
            int pi = ref >>> PAGE_BITS;
            if (pi >= p.length) {
                p = Arrays.copyOf(p, Math.max(p.length * 2, pi + 1));
            }
            if (counts.length < p.length) {
                counts = Arrays.copyOf(counts, p.length);
            }
            MemSeries[] page = p[pi];
            if (page == null) {
                page = new MemSeries[PAGE];
                p[pi] = page;
            }
            MemSeries old = page[ref & (PAGE - 1)];
            page[ref & (PAGE - 1)] = s;
            if (old == null && s != null) {
                counts[pi]++;
            } else if (old != null && s == null) {
                if (--counts[pi] == 0) {
                    p[pi] = null;
                }
            }
            pages = p;
        }
    }

    void remove(MemSeries s) {
        byLabels.remove(s.labels, s);
        if (get(s.ref) == s) {
            setRef(s.ref, null);
        }
    }

    void forEach(Consumer<MemSeries> c) {
        byLabels.values().forEach(c);
    }
}
