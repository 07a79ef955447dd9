package io.epimetheus.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code scrape_configs} (from the main file or a {@code scrape_config_files}
 * include), with global values inherited and defaults applied.
 *
 * @param jobName the job name, unique across the configuration; the default {@code job} label
 * @param honorLabels whether scraped labels win over target labels on conflict
 * @param honorTimestamps whether to keep timestamps the target exposes
 * @param trackTimestampsStaleness whether series with explicit timestamps get staleness markers
 * @param params URL query parameters of the scrape request
 * @param scrapeInterval how often targets are scraped
 * @param scrapeTimeout how long a scrape may take
 * @param scrapeProtocols the protocols proposed in the {@code Accept} header, most preferred first
 * @param fallbackScrapeProtocol the protocol assumed when the response has no usable
 *     {@code Content-Type}, or {@code null} (then such a scrape fails)
 * @param scrapeNativeHistograms whether to scrape native histograms
 * @param alwaysScrapeClassicHistograms whether to keep classic histograms also exposed as native ones
 * @param convertClassicHistogramsToNhcb whether to convert classic histograms to custom-bucket native ones
 * @param extraScrapeMetrics whether to store the extra scrape metrics
 * @param scrapeFailureLogFile the file scrape failures are logged to, or ""
 * @param metricsPath the HTTP path scraped ({@code /metrics})
 * @param scheme {@code http} or {@code https}
 * @param enableCompression whether to ask for gzip-compressed responses
 * @param limits the scrape limits
 * @param nativeHistogramBucketLimit the native histogram bucket limit, 0 for none
 * @param nativeHistogramMinBucketFactor the minimum native histogram bucket growth factor, 0 for none
 * @param metricNameValidationScheme which metric and label names are valid
 * @param metricNameEscapingScheme the escaping requested from targets ({@code allow-utf-8},
 *     {@code underscores}, {@code dots}, {@code values})
 * @param httpClient how to connect to targets
 * @param relabelConfigs target relabeling rules
 * @param metricRelabelConfigs metric relabeling rules
 * @param serviceDiscoveryConfigs every {@code static_configs} and {@code <type>_sd_configs} entry,
 *     in file order
 */
public record ScrapeConfig(String jobName, boolean honorLabels, boolean honorTimestamps,
        boolean trackTimestampsStaleness, Map<String, List<String>> params, Duration scrapeInterval,
        Duration scrapeTimeout, List<ScrapeProtocol> scrapeProtocols, ScrapeProtocol fallbackScrapeProtocol,
        boolean scrapeNativeHistograms, boolean alwaysScrapeClassicHistograms,
        boolean convertClassicHistogramsToNhcb, boolean extraScrapeMetrics, String scrapeFailureLogFile,
        String metricsPath, String scheme, boolean enableCompression, ScrapeLimits limits,
        long nativeHistogramBucketLimit, double nativeHistogramMinBucketFactor,
        NameValidationScheme metricNameValidationScheme, String metricNameEscapingScheme,
        HttpClientConfig httpClient, List<RelabelConfig> relabelConfigs, List<RelabelConfig> metricRelabelConfigs,
        List<SdConfig> serviceDiscoveryConfigs) {

    public ScrapeConfig {
        Objects.requireNonNull(jobName, "jobName");
        params = Map.copyOf(params);
        Objects.requireNonNull(scrapeInterval, "scrapeInterval");
        Objects.requireNonNull(scrapeTimeout, "scrapeTimeout");
        scrapeProtocols = List.copyOf(scrapeProtocols);
        Objects.requireNonNull(metricsPath, "metricsPath");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metricNameValidationScheme, "metricNameValidationScheme");
        Objects.requireNonNull(httpClient, "httpClient");
        relabelConfigs = List.copyOf(relabelConfigs);
        metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
        serviceDiscoveryConfigs = List.copyOf(serviceDiscoveryConfigs);
    }
}
