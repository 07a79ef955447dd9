package io.epimetheus.promql.parse;

/** Go's rounding, which differs from {@link Math#round} for negative halves. */
final class GoMath {

    private GoMath() {
    }

    /** Go's {@code math.Round}: the nearest integer, halves away from zero. */
    static double round(double x) {
        double r = Math.rint(x);
        if (Math.abs(x - r) == 0.5) {
            r = x + Math.copySign(0.5, x);
        }
        return r;
    }
}
