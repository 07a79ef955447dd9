package io.epimetheus.promql.functions;

/**
 * Math functions whose Go results differ from (or are missing in) {@link Math}: the inverse
 * hyperbolic functions, an exact {@code log2} for powers of two, and {@code pow} with Go's
 * special cases ({@code 1^NaN = 1}, {@code (-1)^±Inf = 1}).
 */
public final class GoMathFunctions {

    private static final double LN2 = 6.93147180559945286227e-01;
    private static final double NEAR_ZERO = 1.0 / (1 << 28);
    private static final double LARGE = 1 << 28;

    private GoMathFunctions() {
    }

    public static double pow(double x, double y) {
        if (x == 1 || (x == -1 && Double.isInfinite(y))) {
            return 1;
        }
        return Math.pow(x, y);
    }

    public static double log2(double x) {
        if (x > 0 && !Double.isInfinite(x)) {
            int exp = Math.getExponent(x);
            if (exp >= Double.MIN_EXPONENT && x == Math.scalb(1.0, exp)) {
                return exp;
            }
        }
        return Math.log(x) / Math.log(2);
    }

    public static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        boolean negative = x < 0;
        double a = Math.abs(x);
        double r;
        if (a > LARGE) {
            r = Math.log(a) + LN2;
        } else if (a > 2) {
            r = Math.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
        } else if (a < NEAR_ZERO) {
            r = a;
        } else {
            r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        }
        return negative ? -r : r;
    }

    public static double acosh(double x) {
        if (x < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return 0;
        }
        if (x >= LARGE) {
            return Math.log(x) + LN2;
        }
        if (x > 2) {
            return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
        }
        double t = x - 1;
        return Math.log1p(t + Math.sqrt(2 * t + t * t));
    }

    public static double atanh(double x) {
        if (x < -1 || x > 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (x == -1) {
            return Double.NEGATIVE_INFINITY;
        }
        boolean negative = x < 0;
        double a = Math.abs(x);
        double r;
        if (a < NEAR_ZERO) {
            r = a;
        } else if (a < 0.5) {
            double t = a + a;
            r = 0.5 * Math.log1p(t + t * a / (1 - a));
        } else {
            r = 0.5 * Math.log1p((a + a) / (1 - a));
        }
        return negative ? -r : r;
    }
}
