package io.epimetheus.promql.value;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.promql.ast.GoQuote;
import io.epimetheus.promql.ast.PosRange;

/**
 * A warning or info produced while evaluating, with Prometheus's wording. Annotations with the
 * same text are one annotation (the latest position wins); the position is added when rendered:
 * {@code PromQL warning: ... (1:5)}.
 */
public class Annotation {

    private static final String WARNING = "PromQL warning: ";
    private static final String INFO = "PromQL info: ";

    private final boolean info;
    private final String text;
    private final PosRange pos;

    protected Annotation(boolean info, String text, PosRange pos) {
        this.info = info;
        this.text = text;
        this.pos = pos;
    }

    public boolean isInfo() {
        return info;
    }

    /** The text without the position; annotations with equal keys are merged. */
    public String key() {
        return (info ? INFO : WARNING) + text;
    }

    protected PosRange pos() {
        return pos;
    }

    /** The full message for the API: text and position in {@code query}. */
    public String render(String query) {
        return key() + " (" + pos.startPosInput(query) + ")";
    }

    /** The annotation that replaces {@code previous} (with the same key) when this one is added. */
    protected Annotation merge(Annotation previous) {
        return this;
    }

    /**
     * A warning from the storage (e.g. a remote read endpoint that failed): reported as the
     * storage wrote it, without the PromQL prefix and position, as Prometheus does.
     */
    public static Annotation storageWarning(String text) {
        return new Annotation(false, text, null) {
            @Override
            public String key() {
                return text;
            }

            @Override
            public String render(String query) {
                return text;
            }
        };
    }

    private static Annotation warning(String text, PosRange pos) {
        return new Annotation(false, text, pos);
    }

    private static Annotation info(String text, PosRange pos) {
        return new Annotation(true, text, pos);
    }

    private static String forMetric(String text, String metricName) {
        return metricName.isEmpty() ? text : text + " for metric name " + GoQuote.quote(metricName);
    }

    public static Annotation invalidQuantile(double q, PosRange pos) {
        return warning("quantile value should be between 0 and 1, got " + FloatFormat.formatG(q), pos);
    }

    public static Annotation invalidRatio(double r, double cappedTo, PosRange pos) {
        return warning("ratio value should be between -1 and 1, got " + FloatFormat.formatG(r) + ", capping to "
                + FloatFormat.formatG(cappedTo), pos);
    }

    public static Annotation badBucketLabel(String metricName, String le, PosRange pos) {
        return warning(forMetric("bucket label \"le\" is missing or has a malformed value of " + GoQuote.quote(le),
                metricName), pos);
    }

    public static Annotation sortInRangeQuery(PosRange pos) {
        return warning("sort is ineffective for range queries since results are always ordered by labels", pos);
    }

    public static Annotation possibleNonCounter(String metricName, PosRange pos) {
        return info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                + GoQuote.quote(metricName), pos);
    }

    public static Annotation possibleNonCounterLabel(String metricName, String typeLabel, PosRange pos) {
        return info("metric might not be a counter, __type__ label is not set to \"counter\" or \"histogram\", got "
                + GoQuote.quote(typeLabel) + ": " + GoQuote.quote(metricName), pos);
    }

    public static Annotation forcedMonotonicity(String metricName, PosRange pos, long ts, double minBucket,
            double maxBucket, double maxDiff) {
        return new ForcedMonotonicityInfo(forMetric("input to histogram_quantile needed to be fixed for monotonicity "
                + "(see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)",
                metricName), pos, ts, minBucket, maxBucket, maxDiff);
    }
}
