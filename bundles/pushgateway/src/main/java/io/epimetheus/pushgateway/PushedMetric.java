package io.epimetheus.pushgateway;

/**
 * One metric of a pushed family as the Pushgateway holds it (a Go {@code dto.Metric}): its label
 * pairs, without {@code le} or {@code quantile}, and its value. A counter, gauge or untyped metric
 * has one {@link #value()}; a summary has quantiles (ranks and values), a sum and a count; a
 * histogram has buckets (upper bounds and cumulative counts), a sum and a count. Counts are
 * unsigned 64-bit integers, as Go's text parser stores them ({@link #goUint64}); a sum or count
 * that was not pushed is 0 but known to be absent (Go's protobuf fields have presence, which the
 * Pushgateway's error messages show). Immutable: the arrays are never exposed.
 */
final class PushedMetric {

    private static final double[] NO_DOUBLES = new double[0];
    private static final long[] NO_LONGS = new long[0];
    private static final double TWO_TO_63 = 0x1p63;

    private final LabelPairs labels;
    private final double value;
    private final double[] bounds;
    private final double[] quantileValues;
    private final long[] bucketCounts;
    private final Double sum;
    private final Long count;

    private PushedMetric(LabelPairs labels, double value, double[] bounds, double[] quantileValues, long[] bucketCounts,
            Double sum, Long count) {
        this.labels = labels;
        this.value = value;
        this.bounds = bounds;
        this.quantileValues = quantileValues;
        this.bucketCounts = bucketCounts;
        this.sum = sum;
        this.count = count;
    }

    /** A counter, gauge or untyped metric. */
    static PushedMetric single(LabelPairs labels, double value) {
        return new PushedMetric(labels, value, NO_DOUBLES, NO_DOUBLES, NO_LONGS, null, null);
    }

    /**
     * A summary: quantile {@code ranks[i]} has value {@code values[i]}.
     *
     * @param sum the sum, {@code null} when none was pushed
     * @param count the count (unsigned), {@code null} when none was pushed
     */
    static PushedMetric summary(LabelPairs labels, double[] ranks, double[] values, Double sum, Long count) {
        if (ranks.length != values.length) {
            throw new IllegalArgumentException(ranks.length + " quantile ranks for " + values.length + " values");
        }
        return new PushedMetric(labels, 0, ranks.clone(), values.clone(), NO_LONGS, sum, count);
    }

    /**
     * A histogram: the bucket up to {@code upperBounds[i]} counts {@code cumulativeCounts[i]}
     * (unsigned).
     *
     * @param sum the sum, {@code null} when none was pushed
     * @param count the count (unsigned), {@code null} when none was pushed
     */
    static PushedMetric histogram(LabelPairs labels, double[] upperBounds, long[] cumulativeCounts, Double sum, Long count) {
        if (upperBounds.length != cumulativeCounts.length) {
            throw new IllegalArgumentException(upperBounds.length + " bucket bounds for " + cumulativeCounts.length + " counts");
        }
        return new PushedMetric(labels, 0, upperBounds.clone(), NO_DOUBLES, cumulativeCounts.clone(), sum, count);
    }

    /** This metric with other label pairs. */
    PushedMetric withLabels(LabelPairs newLabels) {
        return new PushedMetric(newLabels, value, bounds, quantileValues, bucketCounts, sum, count);
    }

    LabelPairs labels() {
        return labels;
    }

    /** The value of a counter, gauge or untyped metric. */
    double value() {
        return value;
    }

    /** How many quantiles or buckets. */
    int points() {
        return bounds.length;
    }

    /** The rank of quantile {@code i} or the upper bound of bucket {@code i}. */
    double bound(int i) {
        return bounds[i];
    }

    /** The value of quantile {@code i}. */
    double quantileValue(int i) {
        return quantileValues[i];
    }

    /** The cumulative count of bucket {@code i}, unsigned. */
    long bucketCount(int i) {
        return bucketCounts[i];
    }

    /** The sum of a summary or histogram, 0 when none was pushed. */
    double sum() {
        return sum == null ? 0 : sum;
    }

    boolean hasSum() {
        return sum != null;
    }

    /** The count of a summary or histogram, unsigned, 0 when none was pushed. */
    long count() {
        return count == null ? 0 : count;
    }

    boolean hasCount() {
        return count != null;
    }

    /**
     * Go's {@code uint64(v)} as the Pushgateway's text parser applies it to counts, on amd64 (the
     * architecture the conversion of out-of-range values depends on): truncation toward zero for
     * values in range; negative values wrap around ({@code -1} is 2<sup>64</sup>-1); NaN,
     * infinities and values from 2<sup>64</sup> up give 2<sup>63</sup>.
     */
    static long goUint64(double v) {
        if (v < TWO_TO_63) {
            return truncate(v);
        }
        return truncate(v - TWO_TO_63) | Long.MIN_VALUE;
    }

    /** amd64's CVTTSD2SQ: truncation, {@link Long#MIN_VALUE} for NaN and values out of the int64 range. */
    private static long truncate(double v) {
        if (Double.isNaN(v) || v >= TWO_TO_63 || v < -TWO_TO_63) {
            return Long.MIN_VALUE;
        }
        return (long) v;
    }

    /** Go's {@code float64(u)} of an unsigned 64-bit integer, rounded to nearest even. */
    static double unsignedToDouble(long u) {
        if (u >= 0) {
            return u;
        }
        // Halve (keeping the lowest bit so the rounding stays right), convert, double.
        return ((u >>> 1) | (u & 1)) * 2.0;
    }
}
