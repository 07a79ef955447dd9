package io.epimetheus.promql.engine;

/**
 * A set of long keys with open addressing that is emptied in constant time by bumping a generation counter, so a
 * per-step duplicate check allocates nothing once the table has grown to the step's size.
 */
final class LongStampSet {

    private long[] keys = new long[16];
    private int[] stamps = new int[16];
    private int generation = 1;
    private int size;

    void clear() {
        size = 0;
        generation++;
        if (generation == Integer.MAX_VALUE) {
            java.util.Arrays.fill(stamps, 0);
            generation = 1;
        }
    }

    /** Adds the key; returns false if it was already present. */
    boolean add(long key) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (stamps[i] == generation) {
            if (keys[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        stamps[i] = generation;
        keys[i] = key;
        size++;
        return true;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldStamps = stamps;
        int oldGeneration = generation;
        keys = new long[oldKeys.length * 2];
        stamps = new int[oldKeys.length * 2];
        generation = 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldStamps[i] == oldGeneration) {
                add(oldKeys[i]);
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
