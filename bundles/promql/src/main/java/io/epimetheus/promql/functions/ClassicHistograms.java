package io.epimetheus.promql.functions;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.parse.GoNumbers;
import io.epimetheus.promql.value.Annotation;
import io.epimetheus.promql.value.MetadataLabels;
import io.epimetheus.promql.value.StepVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classic histograms ({@code _bucket} series with an {@code le} label) grouped by their other
 * labels, for {@code histogram_quantile}, {@code histogram_quantiles} and {@code
 * histogram_fraction}. Lives in the {@link FunctionContext} of a call node: the bucket bound and
 * group of each input series are worked out once, and the bucket arrays are reused at every step.
 */
final class ClassicHistograms {

    /** Buckets whose counts differ by less than this relative amount count as equal. */
    private static final double SMALL_DELTA_TOLERANCE = 1e-12;

    private static final class Group {
        final Labels metric;
        Labels resultLabels;
        Map<Double, Labels> withQuantileLabel;
        /** The last quantile asked for and its labels: the quantile is usually the same at every step. */
        double lastQuantile;
        Labels lastQuantileLabels;
        double[] bounds = new double[16];
        double[] counts = new double[16];
        int n;

        Group(Labels metric) {
            this.metric = metric;
        }

        void add(double bound, double count) {
            if (n == bounds.length) {
                bounds = Arrays.copyOf(bounds, n * 2);
                counts = Arrays.copyOf(counts, n * 2);
            }
            bounds[n] = bound;
            counts[n] = count;
            n++;
        }
    }

    private final Map<Labels, Group> groupsByKey = new HashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private Group[] groupByOrigin = new Group[0];
    private double[] boundByOrigin = new double[0];
    private boolean[] knownByOrigin = new boolean[0];

    // Results of the last bucketQuantile call.
    private boolean forcedMonotonic;
    private double minBucket;
    private double maxBucket;
    private double maxDiff;

    static ClassicHistograms of(FunctionContext ctx) {
        if (!(ctx.state instanceof ClassicHistograms)) {
            ctx.state = new ClassicHistograms();
        }
        return (ClassicHistograms) ctx.state;
    }

    /** Sorts the samples of one step into their histograms; warns about malformed {@code le} labels. */
    void collect(StepVector in, Expr arg, FunctionContext ctx) {
        for (Group g : groups) {
            g.n = 0;
        }
        for (int i = 0; i < in.size; i++) {
            int o = in.origin[i];
            Group g;
            double bound;
            if (o >= 0 && o < knownByOrigin.length && knownByOrigin[o]) {
                g = groupByOrigin[o];
                bound = boundByOrigin[o];
            } else {
                Labels m = in.metric[i];
                g = null;
                bound = Double.NaN;
                try {
                    bound = GoNumbers.parseFloat(m.getOrEmpty("le"));
                    g = group(m.without("le"));
                } catch (NumberFormatException e) {
                    // reported below, at every step like Prometheus
                }
                remember(o, g, bound);
            }
            if (g == null) {
                Labels m = in.metric[i];
                ctx.annotations.add(Annotation.badBucketLabel(
                        ctx.delayedNameRemoval ? m.getOrEmpty(Labels.METRIC_NAME) : "", m.getOrEmpty("le"),
                        arg.posRange()));
                continue;
            }
            g.add(bound, in.v[i]);
        }
    }

    private Group group(Labels key) {
        Group g = groupsByKey.get(key);
        if (g == null) {
            g = new Group(key);
            groupsByKey.put(key, g);
            groups.add(g);
        }
        return g;
    }

    private void remember(int o, Group g, double bound) {
        if (o < 0) {
            return;
        }
        if (o >= knownByOrigin.length) {
            int c = Math.max(o + 1, knownByOrigin.length * 2);
            groupByOrigin = Arrays.copyOf(groupByOrigin, c);
            boundByOrigin = Arrays.copyOf(boundByOrigin, c);
            knownByOrigin = Arrays.copyOf(knownByOrigin, c);
        }
        groupByOrigin[o] = g;
        boundByOrigin[o] = bound;
        knownByOrigin[o] = true;
    }

    /** Appends the {@code q} quantile of every histogram, labelled {@code label="q"} if a label is given. */
    void quantiles(double q, String label, Expr arg, FunctionContext ctx, StepVector out) {
        for (Group g : groups) {
            if (g.n == 0) {
                continue;
            }
            double value = bucketQuantile(q, g);
            if (forcedMonotonic) {
                ctx.annotations.add(Annotation.forcedMonotonicity(
                        ctx.delayedNameRemoval ? g.metric.getOrEmpty(Labels.METRIC_NAME) : "", arg.posRange(), ctx.ts,
                        minBucket, maxBucket, maxDiff));
            }
            out.add(label == null ? resultLabels(g, ctx) : quantileLabels(g, label, q, ctx), ctx.ts, value, true, -1);
        }
    }

    /** Appends the fraction of observations between {@code lower} and {@code upper} of every histogram. */
    void fractions(double lower, double upper, FunctionContext ctx, StepVector out) {
        for (Group g : groups) {
            if (g.n > 0) {
                out.add(resultLabels(g, ctx), ctx.ts, bucketFraction(lower, upper, g), true, -1);
            }
        }
    }

    private static Labels resultLabels(Group g, FunctionContext ctx) {
        if (g.resultLabels == null) {
            g.resultLabels = ctx.delayedNameRemoval ? g.metric : MetadataLabels.drop(g.metric);
        }
        return g.resultLabels;
    }

    private static Labels quantileLabels(Group g, String label, double q, FunctionContext ctx) {
        if (g.lastQuantileLabels != null && Double.compare(g.lastQuantile, q) == 0) {
            return g.lastQuantileLabels;
        }
        if (g.withQuantileLabel == null) {
            g.withQuantileLabel = new HashMap<>();
        }
        Labels l = g.withQuantileLabel.computeIfAbsent(q,
                k -> resultLabels(g, ctx).toBuilder().set(label, openMetricsFloat(q)).build());
        g.lastQuantile = q;
        g.lastQuantileLabels = l;
        return l;
    }

    /** Formats like OpenMetrics: always with a decimal point or exponent ({@code 1.0}, {@code 0.5}). */
    private static String openMetricsFloat(double f) {
        if (f == 1) {
            return "1.0";
        }
        if (f == 0) {
            return "0.0";
        }
        if (f == -1) {
            return "-1.0";
        }
        String s = FloatFormat.formatG(f);
        if (Double.isNaN(f) || Double.isInfinite(f) || s.indexOf('e') >= 0 || s.indexOf('.') >= 0) {
            return s;
        }
        return s + ".0";
    }

    /** Sorts the buckets by bound and merges buckets with equal bounds. */
    private static int sortAndCoalesce(Group g) {
        int n = g.n;
        // Insertion sort: buckets usually arrive sorted or nearly so.
        for (int i = 1; i < n; i++) {
            double b = g.bounds[i];
            double c = g.counts[i];
            int j = i - 1;
            while (j >= 0 && g.bounds[j] > b) {
                g.bounds[j + 1] = g.bounds[j];
                g.counts[j + 1] = g.counts[j];
                j--;
            }
            g.bounds[j + 1] = b;
            g.counts[j + 1] = c;
        }
        return n;
    }

    private static int coalesce(Group g, int n) {
        int out = 0;
        double lastBound = g.bounds[0];
        double lastCount = g.counts[0];
        for (int i = 1; i < n; i++) {
            if (g.bounds[i] == lastBound) {
                lastCount += g.counts[i];
            } else {
                g.bounds[out] = lastBound;
                g.counts[out] = lastCount;
                out++;
                lastBound = g.bounds[i];
                lastCount = g.counts[i];
            }
        }
        g.bounds[out] = lastBound;
        g.counts[out] = lastCount;
        return out + 1;
    }

    /**
     * The quantile by linear interpolation within the bucket holding the rank, as Prometheus's
     * BucketQuantile: needs a +Inf bucket; counts are made monotonic (recording that in the
     * monotonicity fields) and tiny floating-point differences between counts ignored.
     */
    private double bucketQuantile(double q, Group g) {
        forcedMonotonic = false;
        minBucket = Double.POSITIVE_INFINITY;
        maxBucket = Double.NEGATIVE_INFINITY;
        maxDiff = 0;
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        int n = sortAndCoalesce(g);
        if (g.bounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        n = coalesce(g, n);
        ensureMonotonic(g, n);
        if (n < 2) {
            return Double.NaN;
        }
        double observations = g.counts[n - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        int hi = n - 1;
        while (b < hi) {
            int h = (b + hi) >>> 1;
            if (!(g.counts[h] >= rank)) {
                b = h + 1;
            } else {
                hi = h;
            }
        }
        if (b == n - 1) {
            return g.bounds[n - 2];
        }
        if (b == 0 && g.bounds[0] <= 0) {
            return g.bounds[0];
        }
        double bucketStart = 0;
        double bucketEnd = g.bounds[b];
        double count = g.counts[b];
        if (b > 0) {
            bucketStart = g.bounds[b - 1];
            count -= g.counts[b - 1];
            rank -= g.counts[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    private void ensureMonotonic(Group g, int n) {
        double prev = g.counts[0];
        for (int i = 1; i < n; i++) {
            double curr = g.counts[i];
            if (curr == prev) {
                continue;
            }
            if (Almost.equal(prev, curr, SMALL_DELTA_TOLERANCE)) {
                g.counts[i] = prev;
                continue;
            }
            if (curr < prev) {
                g.counts[i] = prev;
                forcedMonotonic = true;
                minBucket = Math.min(minBucket, g.bounds[i]);
                maxBucket = Math.max(maxBucket, g.bounds[i]);
                maxDiff = Math.max(maxDiff, prev - curr);
                continue;
            }
            prev = curr;
        }
    }

    /** The fraction of observations between the bounds, interpolating linearly within buckets. */
    private static double bucketFraction(double lower, double upper, Group g) {
        int n = sortAndCoalesce(g);
        if (g.bounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        n = coalesce(g, n);
        double count = g.counts[n - 1];
        if (count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        double rank = 0;
        double lowerRank = 0;
        double upperRank = 0;
        boolean lowerSet = false;
        boolean upperSet = false;
        double lowerBound = g.bounds[0] <= 0 ? Double.NEGATIVE_INFINITY : 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                lowerBound = g.bounds[i - 1];
            }
            double upperBound = g.bounds[i];
            double bucketCount = g.counts[i];
            if (!lowerSet && lowerBound >= lower) {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && lowerBound >= upper) {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            if (!lowerSet && lowerBound < lower && upperBound > lower) {
                lowerRank = interpolate(lower, rank, bucketCount, lowerBound, upperBound);
                lowerSet = true;
            }
            if (!upperSet && lowerBound < upper && upperBound > upper) {
                upperRank = interpolate(upper, rank, bucketCount, lowerBound, upperBound);
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            rank = bucketCount;
        }
        if (!lowerSet || lowerRank > count) {
            lowerRank = count;
        }
        if (!upperSet || upperRank > count) {
            upperRank = count;
        }
        return (upperRank - lowerRank) / count;
    }

    private static double interpolate(double v, double rank, double bucketCount, double lowerBound, double upperBound) {
        if (lowerBound == Double.NEGATIVE_INFINITY) {
            return bucketCount;
        }
        return rank + (bucketCount - rank) * (v - lowerBound) / (upperBound - lowerBound);
    }
}
