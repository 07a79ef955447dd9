package io.epimetheus.api.model;

import java.util.Objects;

/**
 * The metadata of a metric family as scraped: type, help text and unit ({@code ""} when absent).
 *
 * @param type the metric type
 * @param help the help text, unescaped
 * @param unit the OpenMetrics unit, or {@code ""}
 */
public record MetricMetadata(MetricType type, String help, String unit) {
    public MetricMetadata {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(unit, "unit");
    }
}
