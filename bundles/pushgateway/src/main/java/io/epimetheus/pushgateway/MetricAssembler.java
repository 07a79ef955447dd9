package io.epimetheus.pushgateway;

import io.epimetheus.api.model.MetricType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the text-format samples of one pushed family into metrics the way the Pushgateway's
 * text parser (Go's {@code expfmt.TextParser}) does. A counter, gauge or untyped sample is a metric
 * of its own. The samples of a summary or histogram with the same labels (apart from {@code
 * quantile} or {@code le}) make one metric, created where the first of them is: {@code _sum} sets
 * its sum, {@code _count} its count (as an unsigned integer), any other sample adds a quantile or
 * bucket when it has a {@code quantile}/{@code le} that is not NaN, and nothing otherwise.
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
    private final List<PushedMetric> singles = new ArrayList<>();
    private final Map<LabelPairs, Distribution> distributions = new LinkedHashMap<>();

    MetricAssembler(String family, MetricType type) {
        this.family = family;
        this.type = type;
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
     * @param point the value of its {@link #pointLabel()}, NaN when it has none
     */
    void add(String sample, LabelPairs labels, double point, double value) {
        if (pointLabel() == null) {
            singles.add(PushedMetric.single(labels, value));
            return;
        }
        Distribution d = distributions.computeIfAbsent(labels, Distribution::new);
        if (sample.equals(family + "_sum")) {
            d.sum = value;
        } else if (sample.equals(family + "_count")) {
            d.count = PushedMetric.goUint64(value);
        } else if (!Double.isNaN(point)) {
            d.points.add(new double[] {point, value});
        }
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
        for (Distribution d : distributions.values()) {
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
