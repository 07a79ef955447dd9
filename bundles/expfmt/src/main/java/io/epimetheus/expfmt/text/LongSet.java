package io.epimetheus.expfmt.text;

import java.util.Arrays;

/** An open-addressing set of longs that is cleared without allocating. Zero is a valid element. */
final class LongSet {

    private long[] slots = new long[16];
    private boolean[] used = new boolean[16];
    private int size;

    /** Adds {@code v}; returns whether it was absent. */
    boolean add(long v) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = (int) (v ^ (v >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (!used[i]) {
                used[i] = true;
                slots[i] = v;
                size++;
                return true;
            }
            if (slots[i] == v) {
                return false;
            }
        }
    }

    boolean contains(long v) {
        int mask = slots.length - 1;
        for (int i = (int) (v ^ (v >>> 32)) & mask; used[i]; i = (i + 1) & mask) {
            if (slots[i] == v) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(used, false);
            size = 0;
        }
    }

    private void grow() {
        long[] oldSlots = slots;
        boolean[] oldUsed = used;
        slots = new long[oldSlots.length * 2];
        used = new boolean[oldSlots.length * 2];
        size = 0;
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldUsed[i]) {
                add(oldSlots[i]);
            }
        }
    }
}
