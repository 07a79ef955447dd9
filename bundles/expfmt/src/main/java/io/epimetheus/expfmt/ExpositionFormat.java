package io.epimetheus.expfmt;

import io.epimetheus.expfmt.proto.ProtobufParser;
import io.epimetheus.expfmt.text.OpenMetricsParser;
import io.epimetheus.expfmt.text.PrometheusTextParser;
import java.util.Locale;

/**
 * The exposition formats: the Prometheus text format 0.0.4, OpenMetrics 1.0.0 and the Prometheus
 * protobuf format (delimited {@code MetricFamily} messages). Creates parsers for all three and
 * writers for the text formats, and maps HTTP {@code Accept} and {@code Content-Type} headers to a
 * format. Thread-safe.
 */
public enum ExpositionFormat {

    /** The Prometheus text format, version 0.0.4. */
    PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8", "text/plain"),

    /** OpenMetrics 1.0.0 in its text form, terminated by {@code # EOF}. */
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8", "application/openmetrics-text"),

    /**
     * The Prometheus protobuf format: varint-length-delimited {@code io.prometheus.client.MetricFamily}
     * messages. Scraped only: there is no writer for it.
     */
    PROTOBUF("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
            "application/vnd.google.protobuf");

    private final String contentType;
    private final String mediaType;

    ExpositionFormat(String contentType, String mediaType) {
        this.contentType = contentType;
        this.mediaType = mediaType;
    }

    /** The full {@code Content-Type} a server answers with, including version and charset. */
    public String contentType() {
        return contentType;
    }

    /** The media type alone, e.g. {@code text/plain}. */
    public String mediaType() {
        return mediaType;
    }

    /** A new parser for this format; see {@link ExpositionParser} for the contract. */
    public ExpositionParser newParser(ParseOptions options) {
        return switch (this) {
            case PROMETHEUS_TEXT -> new PrometheusTextParser(options);
            case OPENMETRICS -> new OpenMetricsParser(options);
            case PROTOBUF -> new ProtobufParser(options);
        };
    }

    /**
     * A new writer of this format; call {@link ExpositionWriter#reset} before use. Writers exist
     * for the text formats, the only ones {@link #negotiate} picks.
     *
     * @throws IllegalStateException for {@link #PROTOBUF}
     */
    public ExpositionWriter newWriter() {
        if (this == PROTOBUF) {
            throw new IllegalStateException("no writer for the protobuf format: Epimetheus exposes the text formats");
        }
        return new ExpositionWriter(this);
    }

    /**
     * The format to answer a request with, from its {@code Accept} header, the way the Prometheus
     * client libraries negotiate: the acceptable media range with the highest {@code q} wins (the
     * first one on ties); {@code application/openmetrics-text} counts when its {@code version} is
     * absent, {@code 1.0.0} or {@code 0.0.1}, {@code text/plain} when its version is absent or
     * {@code 0.0.4}. Anything else, including a missing header or {@code *}{@code /*}, gets the
     * Prometheus text format.
     *
     * @param accept the header value, or {@code null}
     */
    public static ExpositionFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return PROMETHEUS_TEXT;
        }
        ExpositionFormat best = null;
        double bestQ = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].trim().toLowerCase(Locale.ROOT);
            String version = null;
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = unquote(parts[i].substring(eq + 1).trim());
                if (key.equals("q")) {
                    q = parseQ(value);
                } else if (key.equals("version")) {
                    version = value;
                }
            }
            ExpositionFormat f = null;
            if (media.equals(OPENMETRICS.mediaType)
                    && (version == null || version.equals("1.0.0") || version.equals("0.0.1"))) {
                f = OPENMETRICS;
            } else if (media.equals(PROMETHEUS_TEXT.mediaType) && (version == null || version.equals("0.0.4"))) {
                f = PROMETHEUS_TEXT;
            }
            if (f != null && q > bestQ) {
                best = f;
                bestQ = q;
            }
        }
        return best == null ? PROMETHEUS_TEXT : best;
    }

    /**
     * The format of a scraped body from its {@code Content-Type} header, or {@code null} when the
     * header is missing, cannot be parsed or names another format. Parameters ({@code version},
     * {@code charset}, {@code proto}, {@code encoding}) are ignored, as Prometheus does; the caller
     * decides on a fallback ({@code fallback_scrape_protocol}).
     */
    public static ExpositionFormat ofContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        if (media.equals(PROMETHEUS_TEXT.mediaType)) {
            return PROMETHEUS_TEXT;
        }
        if (media.equals(OPENMETRICS.mediaType)) {
            return OPENMETRICS;
        }
        if (media.equals(PROTOBUF.mediaType)) {
            return PROTOBUF;
        }
        return null;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"'
                ? s.substring(1, s.length() - 1) : s;
    }

    // An unparsable q makes the range unacceptable rather than preferred.
    private static double parseQ(String s) {
        try {
            double q = Double.parseDouble(s);
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
