package io.epimetheus.api.scrape;

import io.epimetheus.api.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A target being scraped, as {@code /api/v1/targets} reports it.
 *
 * @param scrapePool the scrape pool (job name of the scrape config)
 * @param discoveredLabels the labels as discovered, before target relabeling (with {@code __meta_*}
 *     and the {@code job}, {@code __scheme__}, {@code __metrics_path__}, {@code __scrape_interval__}
 *     and {@code __scrape_timeout__} defaults)
 * @param labels the target labels after relabeling, without {@code __} labels
 * @param scrapeUrl the URL scraped
 * @param globalUrl {@code scrapeUrl} with the host as seen from outside (same as {@code scrapeUrl} here)
 * @param health the health after the last scrape
 * @param lastError the last scrape's error, or ""
 * @param lastScrape when the last scrape started, or {@code null} before the first
 * @param lastScrapeDuration how long the last scrape took, {@link Duration#ZERO} before the first
 * @param scrapeInterval the target's scrape interval
 * @param scrapeTimeout the target's scrape timeout
 */
public record ActiveTarget(String scrapePool, Labels discoveredLabels, Labels labels, String scrapeUrl,
        String globalUrl, TargetHealth health, String lastError, Instant lastScrape, Duration lastScrapeDuration,
        Duration scrapeInterval, Duration scrapeTimeout) {
    public ActiveTarget {
        Objects.requireNonNull(scrapePool, "scrapePool");
        Objects.requireNonNull(discoveredLabels, "discoveredLabels");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(lastError, "lastError");
    }
}
