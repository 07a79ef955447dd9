package io.epimetheus.scrape.loop;

import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.ScrapeProtocol;
import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.relabel.Relabeler;

/**
 * What the scrape loops of one scrape config share, computed once per configuration.
 *
 * @param jobName the job
 * @param honorLabels whether exposed labels win over target labels
 * @param honorTimestamps whether exposed timestamps are kept
 * @param trackTimestampsStaleness whether series with explicit timestamps get staleness markers
 * @param accept the {@code Accept} header: the configured {@code scrape_protocols} in order, as
 *     Prometheus 3.x sends them (see {@link #acceptHeader})
 * @param gzip whether to ask for gzip
 * @param fallback the format assumed without a usable {@code Content-Type}, or {@code null}
 * @param bodySizeLimit the body size limit, 0 for none
 * @param sampleLimit the sample limit, 0 for none
 * @param labelLimit the label count limit, 0 for none
 * @param labelNameLengthLimit the label name length limit (bytes), 0 for none
 * @param labelValueLengthLimit the label value length limit (bytes), 0 for none
 * @param validation which names are valid
 * @param metricRelabeler the metric relabeling rules
 * @param extraMetrics whether to store the extra scrape metrics
 */
public record LoopOptions(String jobName, boolean honorLabels, boolean honorTimestamps, boolean trackTimestampsStaleness,
        String accept, boolean gzip, ExpositionFormat fallback, long bodySizeLimit,
        long sampleLimit, long labelLimit, long labelNameLengthLimit, long labelValueLengthLimit,
        NameValidationScheme validation, Relabeler metricRelabeler, boolean extraMetrics) {

    public static LoopOptions of(ScrapeConfig c) {
        ExpositionFormat fallback = c.fallbackScrapeProtocol() == null ? null : formatOf(c.fallbackScrapeProtocol());
        return new LoopOptions(c.jobName(), c.honorLabels(), c.honorTimestamps(), c.trackTimestampsStaleness(),
                acceptHeader(c), c.enableCompression(), fallback, c.limits().bodySizeLimit(), c.limits().sampleLimit(), c.limits().labelLimit(),
                c.limits().labelNameLengthLimit(), c.limits().labelValueLengthLimit(), c.metricNameValidationScheme(),
                Relabeler.compile(c.metricRelabelConfigs()), c.extraScrapeMetrics());
    }

    /** The exposition format a scrape protocol names. */
    static ExpositionFormat formatOf(ScrapeProtocol p) {
        return switch (p) {
            case PROMETHEUS_TEXT_0_0_4, PROMETHEUS_TEXT_1_0_0 -> ExpositionFormat.PROMETHEUS_TEXT;
            case OPENMETRICS_TEXT_0_0_1, OPENMETRICS_TEXT_1_0_0 -> ExpositionFormat.OPENMETRICS;
            case PROMETHEUS_PROTO -> ExpositionFormat.PROTOBUF;
        };
    }

    /**
     * The {@code Accept} header Prometheus 3.x sends for the configured protocols ({@code
     * acceptHeader} in its {@code scrape/scrape.go}): each protocol's media type in the configured
     * order with weights from {@code q=0.6} down ({@code PrometheusProto} as {@code
     * application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6}
     * when it comes first), the escaping scheme on the 1.0.0 text formats, and {@code *}{@code /*}
     * last with the next lower weight. Every protocol is parsed, protobuf included.
     */
    static String acceptHeader(ScrapeConfig c) {
        StringBuilder sb = new StringBuilder();
        int weight = ScrapeProtocol.values().length + 1;
        for (ScrapeProtocol p : c.scrapeProtocols()) {
            sb.append(p.header());
            if (p == ScrapeProtocol.PROMETHEUS_TEXT_1_0_0 || p == ScrapeProtocol.OPENMETRICS_TEXT_1_0_0) {
                sb.append(";escaping=").append(c.metricNameEscapingScheme());
            }
            sb.append(";q=0.").append(weight).append(',');
            weight--;
        }
        return sb.append("*/*;q=0.").append(weight).toString();
    }

    /** The timeout header value: seconds as Go's {@code strconv.FormatFloat(f, 'f', -1, 64)}. */
    static String timeoutHeader(long timeoutMillis) {
        return FloatFormat.formatF(timeoutMillis / 1000.0);
    }
}
