package io.epimetheus.api.config;

import io.epimetheus.api.model.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code global} section: defaults for every scrape config and rule evaluation.
 *
 * @param scrapeInterval how often to scrape by default (1m)
 * @param scrapeTimeout the default scrape timeout (10s, at most {@code scrapeInterval})
 * @param evaluationInterval how often to evaluate rules by default (1m)
 * @param ruleQueryOffset how far into the past rule evaluation queries by default (0s)
 * @param scrapeProtocols the protocols proposed in scrapes; empty when not configured (each job
 *     then picks its own default)
 * @param queryLogFile the file PromQL queries are logged to, or ""
 * @param scrapeFailureLogFile the file scrape failures are logged to, or ""
 * @param externalLabels labels added to series and alerts sent to external systems
 * @param limits default scrape limits
 * @param metricNameValidationScheme the default name validation scheme (utf8)
 * @param metricNameEscapingScheme the escaping requested in scrapes, or "" to derive it from the
 *     validation scheme
 * @param scrapeNativeHistograms whether to scrape native histograms by default
 * @param convertClassicHistogramsToNhcb whether to convert classic histograms to native histograms with custom buckets
 * @param alwaysScrapeClassicHistograms whether to keep classic histograms also exposed as native ones
 * @param extraScrapeMetrics whether to store {@code scrape_timeout_seconds}, {@code scrape_sample_limit}
 *     and {@code scrape_body_size_bytes}
 */
public record GlobalConfig(Duration scrapeInterval, Duration scrapeTimeout, Duration evaluationInterval,
        Duration ruleQueryOffset, List<ScrapeProtocol> scrapeProtocols, String queryLogFile,
        String scrapeFailureLogFile, Labels externalLabels, ScrapeLimits limits,
        NameValidationScheme metricNameValidationScheme, String metricNameEscapingScheme,
        boolean scrapeNativeHistograms, boolean convertClassicHistogramsToNhcb,
        boolean alwaysScrapeClassicHistograms, boolean extraScrapeMetrics) {

    /** The defaults Prometheus applies to an empty or absent {@code global} section. */
    public static final GlobalConfig DEFAULT = new GlobalConfig(Duration.ofMinutes(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ZERO, List.of(), "", "", Labels.EMPTY, ScrapeLimits.NONE,
            NameValidationScheme.UTF8, "", false, false, false, false);

    public GlobalConfig {
        Objects.requireNonNull(scrapeInterval, "scrapeInterval");
        Objects.requireNonNull(scrapeTimeout, "scrapeTimeout");
        Objects.requireNonNull(evaluationInterval, "evaluationInterval");
        Objects.requireNonNull(ruleQueryOffset, "ruleQueryOffset");
        scrapeProtocols = List.copyOf(scrapeProtocols);
        Objects.requireNonNull(externalLabels, "externalLabels");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metricNameValidationScheme, "metricNameValidationScheme");
    }
}
