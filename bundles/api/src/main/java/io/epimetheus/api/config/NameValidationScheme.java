package io.epimetheus.api.config;

import io.epimetheus.api.model.Labels;

/**
 * Which metric and label names are valid ({@code metric_name_validation_scheme}): any non-empty
 * UTF-8 string (the Prometheus 3 default) or only the legacy {@code [a-zA-Z_:][a-zA-Z0-9_:]*} forms.
 */
public enum NameValidationScheme {
    /** Any non-empty, well-formed UTF-8 name. */
    UTF8("utf8"),
    /** Metric names {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    LEGACY("legacy");

    private final String text;

    NameValidationScheme(String text) {
        this.text = text;
    }

    /** The spelling in {@code prometheus.yml}. */
    public String text() {
        return text;
    }

    /** The scheme for a configuration word, or {@code null} when the word is unknown. */
    public static NameValidationScheme ofText(String word) {
        for (NameValidationScheme s : values()) {
            if (s.text.equals(word)) {
                return s;
            }
        }
        return null;
    }

    /** Whether {@code name} is a valid label name under this scheme. */
    public boolean isValidLabelName(String name) {
        return this == UTF8 ? Labels.isValidLabelName(name) : Labels.isLegacyLabelName(name);
    }

    /** Whether {@code name} is a valid metric name under this scheme. */
    public boolean isValidMetricName(String name) {
        return this == UTF8 ? Labels.isValidLabelName(name) : Labels.isLegacyMetricName(name);
    }
}
