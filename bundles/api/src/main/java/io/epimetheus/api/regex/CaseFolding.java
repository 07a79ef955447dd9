package io.epimetheus.api.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Case-insensitive matching the way RE2 does it: two code points are equal when Unicode simple
 * case folding maps them to the same code point ({@code k}, {@code K} and KELVIN SIGN are one
 * "orbit"). Java's {@code CASE_INSENSITIVE|UNICODE_CASE} differs (it also equates dotless and
 * dotted {@code i} with {@code i}), so folding is done here and compiled into explicit classes.
 *
 * <p>The orbits come from the running JDK's case mappings: lower(upper(c)) names the orbit, except
 * for U+0130 and U+0131, which simple folding leaves alone (their mappings are Turkic-only). With
 * the same Unicode version this reproduces Go's {@code unicode.SimpleFold} exactly.
 */
final class CaseFolding {

    private CaseFolding() {
    }

    private static final int LAST_CASED_PLANE_END = 0x1FFFF;

    /** The orbits, computed once on first use (about 2,800 code points). */
    private static final class Orbits {
        /** Every code point with a non-trivial orbit, ascending. */
        static final int[] POINTS;
        /** For each entry of {@link #POINTS}, its whole orbit, ascending (shared between members). */
        static final int[][] ORBIT;

        static {
            Map<Integer, List<Integer>> byKey = new HashMap<>();
            // Every cased code point is in the first two planes (the last, in Adlam, is U+1E943).
            for (int c = 0; c <= LAST_CASED_PLANE_END; c++) {
                int k = key(c);
                if (k != c) {
                    byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(c);
                }
            }
            List<int[]> orbits = new ArrayList<>();
            for (Map.Entry<Integer, List<Integer>> e : byKey.entrySet()) {
                List<Integer> members = e.getValue();
                int k = e.getKey();
                if (key(k) == k) {
                    members.add(k);
                }
                if (members.size() > 1) {
                    orbits.add(members.stream().mapToInt(Integer::intValue).sorted().toArray());
                }
            }
            int n = orbits.stream().mapToInt(o -> o.length).sum();
            long[] index = new long[n]; // code point << 32 | orbit number
            int w = 0;
            for (int i = 0; i < orbits.size(); i++) {
                for (int c : orbits.get(i)) {
                    index[w++] = ((long) c << 32) | i;
                }
            }
            Arrays.sort(index);
            POINTS = new int[n];
            ORBIT = new int[n][];
            for (int i = 0; i < n; i++) {
                POINTS[i] = (int) (index[i] >>> 32);
                ORBIT[i] = orbits.get((int) index[i]);
            }
        }

        private static int key(int c) {
            if (c == 0x130 || c == 0x131) {
                return c;
            }
            return Character.toLowerCase(Character.toUpperCase(c));
        }
    }

    /** The code points case-insensitively equal to {@code c}, ascending, or null when only itself. */
    static int[] orbit(int c) {
        int i = Arrays.binarySearch(Orbits.POINTS, c);
        return i < 0 ? null : Orbits.ORBIT[i];
    }

    /** Adds to {@code out} the orbits of all code points in {@code lo..hi}. */
    static void addOrbits(CharClass out, int lo, int hi) {
        int[] points = Orbits.POINTS;
        int i = Arrays.binarySearch(points, lo);
        if (i < 0) {
            i = -i - 1;
        }
        for (; i < points.length && points[i] <= hi; i++) {
            for (int c : Orbits.ORBIT[i]) {
                if (c < lo || c > hi) {
                    out.add(c, c);
                }
            }
        }
    }

    /**
     * The code points outside {@code set} that fold to one inside it: what a Unicode property gains
     * under {@code (?i)}.
     */
    static CharClass foldExtras(IntPredicate set) {
        CharClass out = new CharClass();
        int[] points = Orbits.POINTS;
        for (int i = 0; i < points.length; i++) {
            if (set.test(points[i])) {
                continue;
            }
            for (int c : Orbits.ORBIT[i]) {
                if (set.test(c)) {
                    out.add(points[i], points[i]);
                    break;
                }
            }
        }
        return out.normalize();
    }
}
