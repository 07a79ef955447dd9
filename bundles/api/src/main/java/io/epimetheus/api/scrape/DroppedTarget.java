package io.epimetheus.api.scrape;

import io.epimetheus.api.model.Labels;
import java.util.Objects;

/**
 * A discovered target that target relabeling dropped.
 *
 * @param scrapePool the scrape pool it was discovered for
 * @param discoveredLabels its labels before relabeling
 */
public record DroppedTarget(String scrapePool, Labels discoveredLabels) {
    public DroppedTarget {
        Objects.requireNonNull(scrapePool, "scrapePool");
        Objects.requireNonNull(discoveredLabels, "discoveredLabels");
    }
}
