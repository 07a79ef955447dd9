package io.epimetheus.api.config;

import java.util.List;

/**
 * An exposition format a scrape may negotiate ({@code scrape_protocols},
 * {@code fallback_scrape_protocol}), with its configuration name and the media type sent in the
 * {@code Accept} header.
 */
public enum ScrapeProtocol {
    /** The delimited protobuf format. */
    PROMETHEUS_PROTO("PrometheusProto",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"),
    /** The classic text format. */
    PROMETHEUS_TEXT_0_0_4("PrometheusText0.0.4", "text/plain;version=0.0.4"),
    /** The text format with UTF-8 names. */
    PROMETHEUS_TEXT_1_0_0("PrometheusText1.0.0", "text/plain;version=1.0.0"),
    /** OpenMetrics 0.0.1. */
    OPENMETRICS_TEXT_0_0_1("OpenMetricsText0.0.1", "application/openmetrics-text;version=0.0.1"),
    /** OpenMetrics 1.0.0. */
    OPENMETRICS_TEXT_1_0_0("OpenMetricsText1.0.0", "application/openmetrics-text;version=1.0.0");

    /** What a scrape proposes when neither the job nor {@code global} sets {@code scrape_protocols}. */
    public static final List<ScrapeProtocol> DEFAULT = List.of(
            OPENMETRICS_TEXT_1_0_0, OPENMETRICS_TEXT_0_0_1, PROMETHEUS_TEXT_1_0_0, PROMETHEUS_TEXT_0_0_4);

    /** The default when native histograms are scraped: protobuf first. */
    public static final List<ScrapeProtocol> PROTO_FIRST = List.of(
            PROMETHEUS_PROTO, OPENMETRICS_TEXT_1_0_0, OPENMETRICS_TEXT_0_0_1, PROMETHEUS_TEXT_1_0_0,
            PROMETHEUS_TEXT_0_0_4);

    private final String configName;
    private final String header;

    ScrapeProtocol(String configName, String header) {
        this.configName = configName;
        this.header = header;
    }

    /** The case-sensitive name used in {@code prometheus.yml}, e.g. {@code PrometheusText0.0.4}. */
    public String configName() {
        return configName;
    }

    /** The media type with parameters, as offered in the {@code Accept} header. */
    public String header() {
        return header;
    }

    /** The media type without parameters, e.g. {@code text/plain}. */
    public String mediaType() {
        int semi = header.indexOf(';');
        return semi < 0 ? header : header.substring(0, semi);
    }

    /** The protocol with this configuration name, or {@code null}. */
    public static ScrapeProtocol ofConfigName(String name) {
        for (ScrapeProtocol p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
