package io.epimetheus.exporters.jmx;

import io.epimetheus.api.model.MetricType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One rule of a jmx_exporter configuration. {@code pattern} is matched (as jmx_exporter does,
 * with Java regex syntax and implicitly surrounded by {@code .*}) against {@code
 * domain<key=value, ...><attrKeys>attrName: value}; {@code name}, {@code help}, label names and
 * values and {@code value} may use its groups ({@code $1}). A rule without a name exports in the
 * default format.
 */
record JmxRule(Pattern pattern, String name, String value, double valueFactor, String help,
        List<String> labelNames, List<String> labelValues, MetricType type, boolean attrNameSnakeCase) {
}
