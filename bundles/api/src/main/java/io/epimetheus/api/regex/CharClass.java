package io.epimetheus.api.regex;

import java.util.Arrays;

/**
 * A set of code points as sorted, disjoint, non-adjacent inclusive ranges. Built by adding ranges
 * in any order and then {@linkplain #normalize() normalized}; the parser uses it for explicit
 * class members (literals, ranges, Perl and POSIX classes), whose exact content analysis relies on.
 * Not thread-safe while being built; treated as immutable once inside a {@link Node}.
 */
final class CharClass {

    static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

    private int[] bounds = new int[8]; // lo0, hi0, lo1, hi1, ...
    private int length; // used ints
    private boolean normalized = true;

    static CharClass of(int lo, int hi) {
        CharClass c = new CharClass();
        c.add(lo, hi);
        return c;
    }

    /** Adds {@code lo..hi} (inclusive). */
    CharClass add(int lo, int hi) {
        if (length + 2 > bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
        }
        if (length > 0 && lo <= bounds[length - 1] + 1) {
            normalized = false;
        }
        bounds[length++] = lo;
        bounds[length++] = hi;
        return this;
    }

    /** Adds {@code lo..hi} and every code point simple case folding makes equivalent to one in it. */
    CharClass addFolded(int lo, int hi) {
        add(lo, hi);
        CaseFolding.addOrbits(this, lo, hi);
        return this;
    }

    /** Adds every range of {@code other}. */
    CharClass addAll(CharClass other) {
        for (int i = 0; i < other.length; i += 2) {
            add(other.bounds[i], other.bounds[i + 1]);
        }
        return this;
    }

    /** Adds every range of {@code other} together with its case-folding equivalents. */
    CharClass addAllFolded(CharClass other) {
        for (int i = 0; i < other.length; i += 2) {
            addFolded(other.bounds[i], other.bounds[i + 1]);
        }
        return this;
    }

    /** Sorts and merges overlapping or adjacent ranges. */
    CharClass normalize() {
        if (normalized) {
            return this;
        }
        int pairs = length / 2;
        long[] packed = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            packed[i] = ((long) bounds[2 * i] << 32) | (bounds[2 * i + 1] & 0xFFFF_FFFFL);
        }
        Arrays.sort(packed);
        int w = 0;
        for (long p : packed) {
            int lo = (int) (p >>> 32);
            int hi = (int) p;
            if (w > 0 && lo <= bounds[w - 1] + 1) {
                if (hi > bounds[w - 1]) {
                    bounds[w - 1] = hi;
                }
            } else {
                bounds[w++] = lo;
                bounds[w++] = hi;
            }
        }
        length = w;
        normalized = true;
        return this;
    }

    /** The complement within U+0000..U+10FFFF, as a new normalized class. */
    CharClass complement() {
        normalize();
        CharClass out = new CharClass();
        int next = 0;
        for (int i = 0; i < length; i += 2) {
            if (bounds[i] > next) {
                out.add(next, bounds[i] - 1);
            }
            next = bounds[i + 1] + 1;
        }
        if (next <= MAX_CODE_POINT) {
            out.add(next, MAX_CODE_POINT);
        }
        return out;
    }

    int rangeCount() {
        return length / 2;
    }

    int lo(int range) {
        return bounds[2 * range];
    }

    int hi(int range) {
        return bounds[2 * range + 1];
    }

    /** The number of code points (normalized classes only). */
    long size() {
        long n = 0;
        for (int i = 0; i < length; i += 2) {
            n += bounds[i + 1] - bounds[i] + 1L;
        }
        return n;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** Whether this (normalized) class holds every code point. */
    boolean isFull() {
        return length == 2 && bounds[0] == 0 && bounds[1] == MAX_CODE_POINT;
    }
}
