package io.epimetheus.promql.functions;

/** Prometheus's {@code util/almost}: float comparison with a relative tolerance. */
public final class Almost {

    private Almost() {
    }

    /**
     * Whether {@code a} and {@code b} differ by less than {@code epsilon} relative to their magnitude
     * (absolutely, near zero); two NaNs are equal. Staleness markers are not told apart from NaN.
     */
    public static boolean equal(double a, double b, double epsilon) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < epsilon * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }
}
