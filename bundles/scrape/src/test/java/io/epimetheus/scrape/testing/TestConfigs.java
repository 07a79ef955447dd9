package io.epimetheus.scrape.testing;

import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.ScrapeLimits;
import io.epimetheus.api.config.ScrapeProtocol;
import io.epimetheus.api.config.SdConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Scrape configs with Prometheus's defaults for tests, changed field by field. */
public final class TestConfigs {

    private String job = "test";
    private boolean honorLabels;
    private boolean honorTimestamps = true;
    private Map<String, List<String>> params = Map.of();
    private Duration interval = Duration.ofSeconds(15);
    private Duration timeout = Duration.ofSeconds(10);
    private List<ScrapeProtocol> protocols = ScrapeProtocol.DEFAULT;
    private ScrapeProtocol fallback;
    private String metricsPath = "/metrics";
    private boolean compression = true;
    private ScrapeLimits limits = ScrapeLimits.NONE;
    private HttpClientConfig http = HttpClientConfig.DEFAULT;
    private List<RelabelConfig> relabel = List.of();
    private List<RelabelConfig> metricRelabel = List.of();
    private List<SdConfig> sd = List.of();
    private boolean extraMetrics;
    private String failureLog = "";

    public static TestConfigs job(String job) {
        TestConfigs c = new TestConfigs();
        c.job = job;
        return c;
    }

    public TestConfigs honorLabels(boolean v) {
        honorLabels = v;
        return this;
    }

    public TestConfigs honorTimestamps(boolean v) {
        honorTimestamps = v;
        return this;
    }

    public TestConfigs params(Map<String, List<String>> v) {
        params = v;
        return this;
    }

    public TestConfigs interval(Duration interval, Duration timeout) {
        this.interval = interval;
        this.timeout = timeout;
        return this;
    }

    public TestConfigs protocols(List<ScrapeProtocol> v) {
        protocols = v;
        return this;
    }

    public TestConfigs fallback(ScrapeProtocol v) {
        fallback = v;
        return this;
    }

    public TestConfigs metricsPath(String v) {
        metricsPath = v;
        return this;
    }

    public TestConfigs compression(boolean v) {
        compression = v;
        return this;
    }

    public TestConfigs limits(ScrapeLimits v) {
        limits = v;
        return this;
    }

    public TestConfigs http(HttpClientConfig v) {
        http = v;
        return this;
    }

    public TestConfigs relabel(List<RelabelConfig> v) {
        relabel = v;
        return this;
    }

    public TestConfigs metricRelabel(List<RelabelConfig> v) {
        metricRelabel = v;
        return this;
    }

    public TestConfigs sd(List<SdConfig> v) {
        sd = v;
        return this;
    }

    public TestConfigs extraMetrics(boolean v) {
        extraMetrics = v;
        return this;
    }

    public TestConfigs failureLog(String file) {
        failureLog = file;
        return this;
    }

    public ScrapeConfig build() {
        return new ScrapeConfig(job, honorLabels, honorTimestamps, false, params, interval, timeout, protocols, fallback,
                false, false, false, extraMetrics, failureLog, metricsPath, "http", compression, limits, 0, 0,
                NameValidationScheme.UTF8, "allow-utf-8", http, relabel, metricRelabel, sd);
    }
}
