package io.epimetheus.api.scrape;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The state of scraping: targets per scrape pool and the metadata they expose. Registered by the
 * scrape bundle.
 *
 * <p>Threading: thread-safe; every call returns a consistent snapshot that the caller owns.
 */
public interface TargetsView {

    /** The scrape pool names (job names), sorted. */
    List<String> scrapePools();

    /** Every target being scraped, sorted by scrape pool, then by labels. */
    List<ActiveTarget> activeTargets();

    /**
     * Targets dropped by target relabeling, sorted by scrape pool, at most {@code keep_dropped_targets}
     * per pool when that is set.
     */
    List<DroppedTarget> droppedTargets();

    /** The number of dropped targets per scrape pool, including those not kept. */
    Map<String, Long> droppedTargetCounts();

    /**
     * Metadata per target ({@code /api/v1/targets/metadata}).
     *
     * @param targetFilter selects targets by their labels
     * @param metric only this metric family, or {@code null} for all
     * @param limit the maximum number of entries, or a negative number for no limit
     */
    List<TargetMetadata> targetMetadata(Predicate<Labels> targetFilter, String metric, int limit);

    /**
     * Metadata per metric family across all targets, distinct entries only ({@code /api/v1/metadata}).
     *
     * @param metric only this metric family, or {@code null} for all
     * @param limit the maximum number of families, or a negative number for no limit
     * @param limitPerMetric the maximum entries per family, or a negative number for no limit
     */
    Map<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric);
}
