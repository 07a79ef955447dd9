package io.epimetheus.config.yaml;

import java.util.Comparator;

/**
 * The order in which Go's yaml.v2 writes the keys of a map: character by character, a letter after
 * anything that is not one, and runs of digits compared by their numeric value ({@code a2} before
 * {@code a10}); a shorter string before its extensions.
 */
public final class GoMapOrder implements Comparator<String> {

    /** The order. */
    public static final GoMapOrder INSTANCE = new GoMapOrder();

    private GoMapOrder() {
    }

    @Override
    public int compare(String x, String y) {
        if (less(x, y)) {
            return -1;
        }
        return less(y, x) ? 1 : 0;
    }

    private static boolean less(String x, String y) {
        int[] a = x.codePoints().toArray();
        int[] b = y.codePoints().toArray();
        for (int i = 0; i < a.length && i < b.length; i++) {
            if (a[i] == b[i]) {
                continue;
            }
            boolean al = Character.isLetter(a[i]);
            boolean bl = Character.isLetter(b[i]);
            if (al && bl) {
                return a[i] < b[i];
            }
            if (al || bl) {
                return bl;
            }
            long an = 0;
            long bn = 0;
            if (a[i] == '0' || b[i] == '0') {
                // A run of digits that started before i with a non-zero digit is not a leading-zero run.
                for (int j = i - 1; j >= 0 && Character.isDigit(a[j]); j--) {
                    if (a[j] != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            for (; ai < a.length && Character.isDigit(a[ai]); ai++) {
                an = an * 10 + (a[ai] - '0');
            }
            int bi = i;
            for (; bi < b.length && Character.isDigit(b[bi]); bi++) {
                bn = bn * 10 + (b[bi] - '0');
            }
            if (an != bn) {
                return an < bn;
            }
            if (ai != bi) {
                return ai < bi;
            }
            return a[i] < b[i];
        }
        return a.length < b.length;
    }
}
