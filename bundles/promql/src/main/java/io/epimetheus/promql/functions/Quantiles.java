package io.epimetheus.promql.functions;

import java.util.Arrays;

/** The φ-quantile of a set of values, interpolated linearly between ranks, as Prometheus computes it. */
public final class Quantiles {

    private Quantiles() {
    }

    /**
     * The {@code q} quantile of {@code values[0..n)}, which are sorted in place (NaN first, as in
     * Prometheus). NaN for no values or a NaN quantile; ±Inf for q outside [0, 1].
     */
    public static double quantile(double q, double[] values, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, n);
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
    }

    /** Sorts ascending with NaNs first. */
    static void sortNaNFirst(double[] values, int n) {
        int nan = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i])) {
                double x = values[nan];
                values[nan] = values[i];
                values[i] = x;
                nan++;
            }
        }
        Arrays.sort(values, nan, n);
    }
}
