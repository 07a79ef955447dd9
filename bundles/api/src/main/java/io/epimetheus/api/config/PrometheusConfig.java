package io.epimetheus.api.config;

import java.util.List;
import java.util.Objects;

/**
 * A loaded and validated {@code prometheus.yml}.
 *
 * @param file the absolute path of the file it was loaded from, or "" when loaded from text
 * @param global the global section
 * @param ruleFiles rule file globs, resolved against the file's directory
 * @param scrapeConfigFiles scrape config file globs, resolved against the file's directory
 * @param scrapeConfigs every scrape config: the file's own, then those of {@code scrape_config_files}
 * @param alerting the alerting section
 * @param remoteWrite the remote write endpoints
 * @param remoteRead the remote read endpoints
 * @param storage the storage section
 * @param tracing the tracing section, or {@code null} when absent
 * @param otlp the OTLP section
 * @param runtime the runtime section
 */
public record PrometheusConfig(String file, GlobalConfig global, List<String> ruleFiles,
        List<String> scrapeConfigFiles, List<ScrapeConfig> scrapeConfigs, AlertingConfig alerting,
        List<RemoteWriteConfig> remoteWrite, List<RemoteReadConfig> remoteRead, StorageConfig storage,
        TracingConfig tracing, OtlpConfig otlp, RuntimeConfig runtime) {

    /** The configuration of an empty file: defaults only, nothing scraped. */
    public static final PrometheusConfig EMPTY = new PrometheusConfig("", GlobalConfig.DEFAULT, List.of(), List.of(),
            List.of(), AlertingConfig.NONE, List.of(), List.of(), StorageConfig.DEFAULT, null, OtlpConfig.DEFAULT,
            RuntimeConfig.DEFAULT);

    public PrometheusConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(global, "global");
        ruleFiles = List.copyOf(ruleFiles);
        scrapeConfigFiles = List.copyOf(scrapeConfigFiles);
        scrapeConfigs = List.copyOf(scrapeConfigs);
        Objects.requireNonNull(alerting, "alerting");
        remoteWrite = List.copyOf(remoteWrite);
        remoteRead = List.copyOf(remoteRead);
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(otlp, "otlp");
        Objects.requireNonNull(runtime, "runtime");
    }

    /** The scrape config with this job name, or {@code null}. */
    public ScrapeConfig scrapeConfig(String jobName) {
        for (ScrapeConfig c : scrapeConfigs) {
            if (c.jobName().equals(jobName)) {
                return c;
            }
        }
        return null;
    }
}
