package io.epimetheus.pushgateway;

import io.epimetheus.api.model.MetricType;
import java.util.List;

/**
 * A pushed metric family as the text format names it ({@code requests_total} for a counter) with
 * its samples.
 */
record PushedFamily(String name, MetricType type, String help, List<PushedSample> samples) {

    /** The name a {@link io.epimetheus.api.exporter.MetricSink} wants: a counter without {@code _total}. */
    String sinkName() {
        return type == MetricType.COUNTER && name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    }

    /** The type as the Pushgateway's JSON API and messages spell it (Go's dto names). */
    String dtoType() {
        return switch (type) {
            case COUNTER -> "COUNTER";
            case GAUGE -> "GAUGE";
            case SUMMARY -> "SUMMARY";
            case HISTOGRAM -> "HISTOGRAM";
            case GAUGE_HISTOGRAM -> "GAUGE_HISTOGRAM";
            default -> "UNTYPED";
        };
    }
}
