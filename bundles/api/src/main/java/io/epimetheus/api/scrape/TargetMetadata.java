package io.epimetheus.api.scrape;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import java.util.Objects;

/**
 * The metadata of one metric family as last scraped from one target ({@code /api/v1/targets/metadata}).
 *
 * @param target the target's labels
 * @param metric the metric family name
 * @param metadata its type, help and unit
 */
public record TargetMetadata(Labels target, String metric, MetricMetadata metadata) {
    public TargetMetadata {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(metadata, "metadata");
    }
}
