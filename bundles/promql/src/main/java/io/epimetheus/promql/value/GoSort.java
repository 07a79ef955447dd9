package io.epimetheus.promql.value;

/**
 * Sorts indices the way Go's {@code sort.Sort} orders small inputs (up to 12 elements: an insertion
 * sort that moves an element left while it is "less" than its predecessor), so results with ties
 * or NaNs come out in the same order as in Prometheus. Larger inputs are merge-sorted stably.
 */
public final class GoSort {

    /** Go's {@code Less(a, b)} on element indices. */
    @FunctionalInterface
    public interface Less {
        boolean less(int a, int b);
    }

    private static final int INSERTION_SORT_MAX = 12;

    private GoSort() {
    }

    /** Sorts {@code idx[0..n)}. */
    public static void sort(int[] idx, int n, Less less) {
        if (n <= INSERTION_SORT_MAX) {
            for (int i = 1; i < n; i++) {
                for (int j = i; j > 0 && less.less(idx[j], idx[j - 1]); j--) {
                    int x = idx[j];
                    idx[j] = idx[j - 1];
                    idx[j - 1] = x;
                }
            }
            return;
        }
        mergeSort(idx, new int[n], 0, n, less);
    }

    private static void mergeSort(int[] a, int[] tmp, int lo, int hi, Less less) {
        if (hi - lo < 2) {
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, tmp, lo, mid, less);
        mergeSort(a, tmp, mid, hi, less);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
            tmp[k++] = less.less(a[j], a[i]) && !less.less(a[i], a[j]) ? a[j++] : a[i++];
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < hi) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, lo, a, lo, hi - lo);
    }
}
