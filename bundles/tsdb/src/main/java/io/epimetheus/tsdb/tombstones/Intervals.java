package io.epimetheus.tsdb.tombstones;

import java.util.Arrays;

/**
 * Deleted time ranges of one series: sorted, non-overlapping, inclusive {@code [mint, maxt]}
 * pairs stored flat as {@code mint0, maxt0, mint1, maxt1, ...}. Immutable; {@link #add} returns a
 * new instance, merging ranges that overlap or touch.
 */
public final class Intervals {

    public static final Intervals NONE = new Intervals(new long[0]);

    private final long[] r;

    private Intervals(long[] r) {
        this.r = r;
    }

    public static Intervals of(long mint, long maxt) {
        return new Intervals(new long[] {mint, maxt});
    }

    public int size() {
        return r.length >> 1;
    }

    public boolean isEmpty() {
        return r.length == 0;
    }

    public long mint(int i) {
        return r[i << 1];
    }

    public long maxt(int i) {
        return r[(i << 1) + 1];
    }

    public Intervals add(long mint, long maxt) {
        long[] out = new long[r.length + 2];
        int n = 0;
        int i = 0;
        // copy ranges that end before the new one starts (not touching)
        while (i < r.length && r[i + 1] < mint && r[i + 1] + 1 < mint) {
            out[n++] = r[i];
            out[n++] = r[i + 1];
            i += 2;
        }
        long lo = mint;
        long hi = maxt;
        while (i < r.length && (r[i] <= hi || r[i] - 1 == hi)) {
            lo = Math.min(lo, r[i]);
            hi = Math.max(hi, r[i + 1]);
            i += 2;
        }
        out[n++] = lo;
        out[n++] = hi;
        while (i < r.length) {
            out[n++] = r[i];
            out[n++] = r[i + 1];
            i += 2;
        }
        return new Intervals(Arrays.copyOf(out, n));
    }

    /** Merges all of {@code other} into these. */
    public Intervals addAll(Intervals other) {
        Intervals acc = this;
        for (int i = 0; i < other.size(); i++) {
            acc = acc.add(other.mint(i), other.maxt(i));
        }
        return acc;
    }

    /** Whether {@code t} lies in a deleted range. */
    public boolean contains(long t) {
        for (int i = 0; i < r.length; i += 2) {
            if (t < r[i]) {
                return false;
            }
            if (t <= r[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Whether the deleted ranges cover all of {@code [mint, maxt]}. */
    public boolean covers(long mint, long maxt) {
        for (int i = 0; i < r.length; i += 2) {
            if (r[i] <= mint && maxt <= r[i + 1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Intervals other && Arrays.equals(r, other.r);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(r);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < r.length; i += 2) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append('[').append(r[i]).append(',').append(r[i + 1]).append(']');
        }
        return sb.append(']').toString();
    }
}
