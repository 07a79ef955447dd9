package io.epimetheus.tsdb.index;

import java.util.Arrays;
import java.util.List;

/**
 * Set operations on postings lists: sorted arrays of distinct series ids. Ids are compared as
 * unsigned 32-bit numbers, matching block indexes where an id is a series offset / 16. Results are
 * fresh arrays; inputs are never modified.
 */
public final class Postings {

    public static final int[] EMPTY = new int[0];

    private Postings() {
    }

    /** The ids in both lists. Gallops through the longer list so a short list is cheap. */
    public static int[] intersect(int[] a, int[] b) {
        if (a.length > b.length) {
            int[] t = a;
            a = b;
            b = t;
        }
        if (a.length == 0) {
            return EMPTY;
        }
        int[] out = new int[a.length];
        int n = 0;
        int j = 0;
        for (int i = 0; i < a.length && j < b.length; i++) {
            int x = a[i];
            j = seek(b, j, x);
            if (j < b.length && b[j] == x) {
                out[n++] = x;
                j++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The intersection of all lists (all of them in order of size, smallest first). */
    public static int[] intersectAll(List<int[]> lists) {
        if (lists.isEmpty()) {
            return EMPTY;
        }
        int[][] sorted = lists.toArray(new int[0][]);
        Arrays.sort(sorted, (x, y) -> Integer.compare(x.length, y.length));
        int[] acc = sorted[0];
        for (int i = 1; i < sorted.length && acc.length > 0; i++) {
            acc = intersect(acc, sorted[i]);
        }
        return acc;
    }

    /** The ids in either list. */
    public static int[] union(int[] a, int[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            int c = Integer.compareUnsigned(a[i], b[j]);
            if (c < 0) {
                out[n++] = a[i++];
            } else if (c > 0) {
                out[n++] = b[j++];
            } else {
                out[n++] = a[i++];
                j++;
            }
        }
        while (i < a.length) {
            out[n++] = a[i++];
        }
        while (j < b.length) {
            out[n++] = b[j++];
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The union of many lists, merged pairwise like a tournament so it stays O(n log k). */
    public static int[] unionAll(List<int[]> lists) {
        if (lists.isEmpty()) {
            return EMPTY;
        }
        int[][] level = lists.toArray(new int[0][]);
        int n = level.length;
        while (n > 1) {
            int m = 0;
            for (int i = 0; i < n; i += 2) {
                level[m++] = i + 1 < n ? union(level[i], level[i + 1]) : level[i];
            }
            n = m;
        }
        return level[0];
    }

    /** The ids of {@code a} that are not in {@code b}. */
    public static int[] subtract(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return a;
        }
        int[] out = new int[a.length];
        int n = 0;
        int j = 0;
        for (int x : a) {
            j = seek(b, j, x);
            if (j >= b.length || b[j] != x) {
                out[n++] = x;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The first index {@code >= from} whose value is {@code >= x} (unsigned), by galloping. */
    static int seek(int[] b, int from, int x) {
        int n = b.length;
        if (from >= n || Integer.compareUnsigned(b[from], x) >= 0) {
            return from;
        }
        int step = 1;
        int lo = from;
        int hi = from + 1;
        while (hi < n && Integer.compareUnsigned(b[hi], x) < 0) {
            lo = hi;
            step <<= 1;
            hi = lo + step;
        }
        if (hi > n) {
            hi = n;
        }
        // b[lo] < x, and b[hi] >= x or hi == n
        while (lo + 1 < hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.compareUnsigned(b[mid], x) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
