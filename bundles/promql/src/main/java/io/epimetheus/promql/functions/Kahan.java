package io.epimetheus.promql.functions;

/**
 * Kahan-Neumaier compensated summation, as Prometheus sums floats: {@link #sum} plus the
 * compensation {@link #c} is the accurate total. Once the sum overflows the compensation is reset,
 * so infinities propagate.
 */
public final class Kahan {

    public double sum;
    public double c;

    public void reset() {
        sum = 0;
        c = 0;
    }

    public void add(double inc) {
        double t = sum + inc;
        c = compensation(inc, sum, c, t);
        sum = t;
    }

    /** The compensation after adding {@code inc} to {@code sum} (with compensation {@code c}) gave {@code t}. */
    public static double compensation(double inc, double sum, double c, double t) {
        if (t > Double.MAX_VALUE || t < -Double.MAX_VALUE) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(inc)) {
            return c + ((sum - t) + inc);
        }
        return c + ((inc - t) + sum);
    }
}
