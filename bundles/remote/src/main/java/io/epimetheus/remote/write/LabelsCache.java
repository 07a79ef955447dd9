package io.epimetheus.remote.write;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import java.util.Arrays;

/**
 * Maps the label pairs of a series, as received (interned strings, in wire order), to the built
 * {@link Labels}, so a sender that repeats the same series in every request (Prometheus sends one
 * series entry per sample) costs a hash and a reference compare instead of a sort and two
 * allocations per sample. Relies on the {@link io.epimetheus.remote.codec.StringInterner} handing
 * out the same instance for the same string; a miss only costs the build.
 *
 * <p>Bounded: cleared when full. Only valid label sets are stored. Not thread-safe.
 */
final class LabelsCache {

    private final int mask;
    private final int maxEntries;
    private final String[][] keys;
    private final Labels[] values;
    private final int[] hashes;
    private int count;

    LabelsCache(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity) - 1) << 2;
        mask = size - 1;
        maxEntries = size >> 1;
        keys = new String[size][];
        values = new Labels[size];
        hashes = new int[size];
    }

    static int hash(String[] pairs, int n) {
        int h = 1;
        for (int i = 0; i < n; i++) {
            h = 31 * h + pairs[i].hashCode();
        }
        return h ^ (h >>> 15);
    }

    /** The cached labels for {@code pairs[0, n)} with hash {@code h}, or {@code null}. */
    Labels get(String[] pairs, int n, int h) {
        int i = h & mask;
        String[] k;
        while ((k = keys[i]) != null) {
            if (hashes[i] == h && sameRefs(k, pairs, n)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private static boolean sameRefs(String[] k, String[] pairs, int n) {
        if (k.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (k[i] != pairs[i]) {
                return false;
            }
        }
        return true;
    }

    void put(String[] pairs, int n, int h, Labels labels) {
        if (count >= maxEntries) {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            count = 0;
        }
        int i = h & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = Arrays.copyOf(pairs, n);
        values[i] = labels;
        hashes[i] = h;
        count++;
    }

    /**
     * Builds labels from name/value pairs, or returns the problem with them: an empty name or a
     * name given twice.
     */
    static String build(String[] pairs, int n, LabelsBuilder b, Labels[] out) {
        b.reset();
        for (int i = 0; i < n; i += 2) {
            String name = pairs[i];
            if (name.isEmpty()) {
                return "empty label name";
            }
            if (b.get(name) != null) {
                return "duplicate label name \"" + name + "\"";
            }
            b.set(name, pairs[i + 1]);
        }
        out[0] = b.build();
        return null;
    }
}
