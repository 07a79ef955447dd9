package io.epimetheus.api.model;

/**
 * The metric types of the Prometheus text format and OpenMetrics, with their names as written in
 * {@code # TYPE} lines and in the metadata API.
 */
public enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram"),
    GAUGE_HISTOGRAM("gaugehistogram"),
    SUMMARY("summary"),
    INFO("info"),
    STATESET("stateset"),
    UNKNOWN("unknown");

    private final String text;

    MetricType(String text) {
        this.text = text;
    }

    /** The name as written in exposition formats and returned by the metadata API. */
    public String text() {
        return text;
    }

    /**
     * The type for a {@code # TYPE} word; {@code untyped} (text format) maps to {@link #UNKNOWN}.
     * Returns {@code null} for an unknown word.
     */
    public static MetricType ofText(String word) {
        if ("untyped".equals(word)) {
            return UNKNOWN;
        }
        for (MetricType t : values()) {
            if (t.text.equals(word)) {
                return t;
            }
        }
        return null;
    }
}
