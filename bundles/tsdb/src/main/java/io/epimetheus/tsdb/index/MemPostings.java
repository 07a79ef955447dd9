package io.epimetheus.tsdb.index;

import io.epimetheus.api.model.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;

/**
 * The head's inverted index: label name → value → sorted ids of the series carrying that pair,
 * plus the list of all ids. Series are added as they are created (ids mostly ascending, so adding
 * is an append) and removed in bulk when the head is truncated. Readers get copies, so a query
 * never sees a list change under it.
 */
public final class MemPostings {

    private static final class List32 {
        int[] ids = new int[4];
        int size;

        void add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size < 1024 ? size * 2 : size + (size >> 1));
            }
            int i = size;
            // Ids arrive almost in order; shift the few that raced past this one.
            while (i > 0 && Integer.compareUnsigned(ids[i - 1], id) > 0) {
                ids[i] = ids[i - 1];
                i--;
            }
            ids[i] = id;
            size++;
        }

        int[] copy() {
            return Arrays.copyOf(ids, size);
        }
    }

    private static final class Values {
        final Map<String, List32> byValue = new HashMap<>();
        String[] sorted; // cache of the sorted keys, null when stale
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Values> byName = new HashMap<>();
    private final List32 all = new List32();

    /** Indexes a new series. */
    public void add(int id, Labels labels) {
        lock.writeLock().lock();
        try {
            all.add(id);
            for (int i = 0; i < labels.size(); i++) {
                Values vs = byName.computeIfAbsent(labels.name(i), k -> new Values());
                List32 l = vs.byValue.get(labels.value(i));
                if (l == null) {
                    l = new List32();
                    vs.byValue.put(labels.value(i), l);
                    vs.sorted = null;
                }
                l.add(id);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every id for which {@code dead} is true. */
    public void removeIf(IntPredicate dead) {
        lock.writeLock().lock();
        try {
            compact(all, dead);
            var names = byName.entrySet().iterator();
            while (names.hasNext()) {
                Values vs = names.next().getValue();
                var it = vs.byValue.entrySet().iterator();
                while (it.hasNext()) {
                    List32 l = it.next().getValue();
                    compact(l, dead);
                    if (l.size == 0) {
                        it.remove();
                        vs.sorted = null;
                    }
                }
                if (vs.byValue.isEmpty()) {
                    names.remove();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void compact(List32 l, IntPredicate dead) {
        int n = 0;
        int[] ids = l.ids;
        for (int i = 0; i < l.size; i++) {
            if (!dead.test(ids[i])) {
                ids[n++] = ids[i];
            }
        }
        l.size = n;
        if (ids.length > 64 && n < ids.length / 4) {
            l.ids = Arrays.copyOf(ids, Math.max(4, n * 2));
        }
    }

    public int[] all() {
        lock.readLock().lock();
        try {
            return all.copy();
        } finally {
            lock.readLock().unlock();
        }
    }

    public int[] get(String name, String value) {
        lock.readLock().lock();
        try {
            Values vs = byName.get(name);
            List32 l = vs == null ? null : vs.byValue.get(value);
            return l == null ? Postings.EMPTY : l.copy();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Sorted values of {@code name} from the first one {@code >= from}. */
    public List<String> sortedValues(String name, String from) {
        String[] sorted;
        lock.readLock().lock();
        try {
            Values vs = byName.get(name);
            if (vs == null) {
                return List.of();
            }
            sorted = vs.sorted;
            if (sorted == null) {
                sorted = vs.byValue.keySet().toArray(new String[0]);
                Arrays.sort(sorted, Labels::compareStrings);
                // Benign race: concurrent readers may each build the same array.
                vs.sorted = sorted;
            }
        } finally {
            lock.readLock().unlock();
        }
        int start = 0;
        if (!from.isEmpty()) {
            start = Arrays.binarySearch(sorted, from, Labels::compareStrings);
            if (start < 0) {
                start = -start - 1;
            }
        }
        return Arrays.asList(sorted).subList(start, sorted.length);
    }

    public List<String> labelNames() {
        lock.readLock().lock();
        try {
            List<String> names = new ArrayList<>(byName.keySet());
            names.sort(Labels::compareStrings);
            return names;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Calls {@code consumer} with every label pair and its number of series. */
    public void forEachPair(PairStats consumer) {
        lock.readLock().lock();
        try {
            for (Map.Entry<String, Values> e : byName.entrySet()) {
                for (Map.Entry<String, List32> v : e.getValue().byValue.entrySet()) {
                    consumer.accept(e.getKey(), v.getKey(), v.getValue().size);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Receives per-pair statistics from {@link #forEachPair}. */
    @FunctionalInterface
    public interface PairStats {
        void accept(String name, String value, int series);
    }
}
