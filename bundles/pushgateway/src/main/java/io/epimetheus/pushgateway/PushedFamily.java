package io.epimetheus.pushgateway;

import io.epimetheus.api.model.MetricType;
import java.util.List;

/**
 * A pushed metric family as the text format names it ({@code requests_total} for a counter pushed
 * so, {@code requests} for one pushed without the suffix), its help ({@code ""} for none) and its
 * metrics in pushed order.
 */
record PushedFamily(String name, MetricType type, String help, List<PushedMetric> metrics) {

    PushedFamily {
        metrics = List.copyOf(metrics);
    }

    /** The type as the Pushgateway's JSON API and messages spell it (Go's dto names). */
    String dtoType() {
        return dtoType(type);
    }

    static String dtoType(MetricType type) {
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
