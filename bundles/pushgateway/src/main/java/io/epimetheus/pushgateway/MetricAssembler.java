package io.epimetheus.pushgateway;

import io.epimetheus.api.model.MetricType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the samples of one pushed family into metrics the way the Pushgateway holds them. A
 * counter, gauge or untyped sample is a metric of its own. For a text-format body (Go's {@code
 * expfmt.TextParser}), the samples of a summary or histogram with the same labels (apart from
 * {@code quantile} or {@code le}) make one metric, created where the first of them is: {@code _sum}
 * sets its sum, {@code _count} its count (as an unsigned integer), any other sample adds a quantile
 * or bucket when it has a {@code quantile}/{@code le} that is not NaN, and nothing otherwise.
 *
 * <p>For a protobuf body, each metric message is a metric of its own, also when another has the
 * same labels (the consistency check then finds the duplicate, as the Pushgateway's does): its
 * series come together, {@code _count} first, so a {@code _count} starts a new metric. Every
 * bucket and quantile the parser gives is kept, NaN bounds included; a last {@code +Inf} bucket
 * holding the count is the one the protobuf parser adds when the message has none, and is dropped
 * (the Pushgateway stores the message's buckets only and writes {@code +Inf} when exposing).
 */
final class MetricAssembler {

    private static final class Distribution {
        final LabelPairs labels;
        final List<double[]> points = new ArrayList<>();
        Double sum;
        Long count;

        Distribution(LabelPairs labels) {
            this.labels = labels;
        }
    }

    private final String family;
    private final MetricType type;
    private final boolean protobuf;
    private final List<PushedMetric> singles = new ArrayList<>();
    private final List<Distribution> distributions = new ArrayList<>();
    /** The metric the next sample with these labels belongs to. */
    private final Map<LabelPairs, Distribution> byLabels = new HashMap<>();

    /** @param protobuf whether the samples come from a protobuf body (see the class comment) */
    MetricAssembler(String family, MetricType type, boolean protobuf) {
        this.family = family;
        this.type = type;
        this.protobuf = protobuf;
    }

    /**
     * The label that is not part of a metric's labels but says which point a sample is ({@code
     * quantile} for a summary, {@code le} for a histogram), or {@code null} for other types.
     */
    String pointLabel() {
        return switch (type) {
            case SUMMARY -> "quantile";
            case HISTOGRAM -> "le";
            default -> null;
        };
    }

    /**
     * Adds a sample of this family.
     *
     * @param sample the sample's name: the family's, or with {@code _bucket}, {@code _sum} or
     *     {@code _count} for a histogram or summary
     * @param labels its labels without the {@link #pointLabel()}
     * @param hasPoint whether it is a quantile or bucket that counts (see the class comment)
     * @param point the value of its {@link #pointLabel()} when {@code hasPoint}
     */
    void add(String sample, LabelPairs labels, boolean hasPoint, double point, double value) {
        if (pointLabel() == null) {
            singles.add(PushedMetric.single(labels, value));
            return;
        }
        boolean isCount = sample.equals(family + "_count");
        Distribution d = protobuf && isCount ? null : byLabels.get(labels);
        if (d == null) {
            d = new Distribution(labels);
            distributions.add(d);
            byLabels.put(labels, d);
        }
        if (sample.equals(family + "_sum")) {
            d.sum = value;
        } else if (isCount) {
            d.count = PushedMetric.goUint64(value);
        } else if (hasPoint && !(protobuf && isAddedInfinity(d, point, value))) {
            d.points.add(new double[] {point, value});
        }
    }

    /** Whether a protobuf bucket is the {@code +Inf} bucket the parser adds to a message without one. */
    private boolean isAddedInfinity(Distribution d, double point, double value) {
        return type == MetricType.HISTOGRAM && point == Double.POSITIVE_INFINITY && d.count != null
                && PushedMetric.goUint64(value) == d.count;
    }

    /** Whether a sample was added. */
    boolean isEmpty() {
        return singles.isEmpty() && distributions.isEmpty();
    }

    /** The metrics, in the order their first samples came. */
    List<PushedMetric> metrics() {
        if (pointLabel() == null) {
            return List.copyOf(singles);
        }
        List<PushedMetric> out = new ArrayList<>(distributions.size());
        for (Distribution d : distributions) {
            int n = d.points.size();
            double[] bounds = new double[n];
            for (int i = 0; i < n; i++) {
                bounds[i] = d.points.get(i)[0];
            }
            if (type == MetricType.SUMMARY) {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = d.points.get(i)[1];
                }
                out.add(PushedMetric.summary(d.labels, bounds, values, d.sum, d.count));
            } else {
                long[] counts = new long[n];
                for (int i = 0; i < n; i++) {
                    counts[i] = PushedMetric.goUint64(d.points.get(i)[1]);
                }
                out.add(PushedMetric.histogram(d.labels, bounds, counts, d.sum, d.count));
            }
        }
        return out;
    }
}
