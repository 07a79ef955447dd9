package io.epimetheus.pushgateway;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ParseOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a pushed body into metric families, the way the Pushgateway reads it.
 *
 * <p>In the text format, as Go's text parser groups samples: {@code # TYPE}/{@code # HELP} name a
 * family; a sample belongs to the family of its name, else to the summary its name is with {@code
 * _sum}/{@code _count}, else to the histogram it is with {@code _bucket}/{@code _sum}/{@code
 * _count}, else it starts an untyped family of its own.
 *
 * <p>In the protobuf format (delimited {@code MetricFamily} messages, read through the expfmt
 * protobuf parser), every series belongs to the message it comes from, whatever its name: a gauge
 * family {@code foo_count} stays a family of its own next to a summary {@code foo}, before or after
 * it, and a summary's {@code _count} never joins it. A later message with the name of an earlier
 * one replaces it, as in the Pushgateway's map of families. Messages without metrics are skipped by
 * the parser (the Pushgateway would store them empty).
 *
 * <p>{@link MetricAssembler} makes the metrics. Then, as the Pushgateway does, the grouping labels
 * replace same-named labels of every metric and {@code instance=""} is added where there is no
 * instance; labels pushed with an empty value are kept as such. Names must be legacy Prometheus
 * names (the Pushgateway's default validation of the text format, applied to both formats).
 */
final class PushBodyParser {

    /** The families of one body and whether any sample carried a timestamp. */
    record Result(Map<String, PushedFamily> families, boolean timestamps) {
    }

    private static final class Building {
        final String name;
        MetricType type = MetricType.UNKNOWN;
        boolean typed;
        String help;
        MetricAssembler metrics;

        Building(String name) {
            this.name = name;
        }

        boolean hasSamples() {
            return metrics != null && !metrics.isEmpty();
        }
    }

    private final ExpositionParser parser;
    private final boolean protobuf;
    private final String errorPrefix;
    private final LabelsBuilder builder = new LabelsBuilder();
    private final List<String> emptyLabels = new ArrayList<>();

    /** @param format {@link ExpositionFormat#PROMETHEUS_TEXT} or {@link ExpositionFormat#PROTOBUF} */
    PushBodyParser(ExpositionFormat format) {
        if (format != ExpositionFormat.PROMETHEUS_TEXT && format != ExpositionFormat.PROTOBUF) {
            throw new IllegalArgumentException("pushes are read in the text or protobuf format, not " + format);
        }
        this.parser = format.newParser(ParseOptions.DEFAULT);
        this.protobuf = format == ExpositionFormat.PROTOBUF;
        this.errorPrefix = protobuf ? "protobuf format parsing error: " : "text format parsing error: ";
    }

    /**
     * Parses {@code body[0, length)}.
     *
     * @param grouping the grouping key, whose labels every metric gets
     * @throws PushException (400) naming the problem and where it is
     */
    Result parse(byte[] body, int length, LabelPairs grouping) throws PushException {
        Map<String, Building> families = new LinkedHashMap<>();
        Building message = null; // protobuf: the family of the message being read
        boolean timestamps = false;
        parser.reset(body, length);
        try {
            while (true) {
                ExpositionParser.Entry e = parser.next();
                if (e == ExpositionParser.Entry.END) {
                    break;
                }
                switch (e) {
                    case HELP -> {
                        String name = checkedName(parser.metricFamily());
                        Building f;
                        if (protobuf) {
                            // Each message starts with HELP; it replaces a same-named earlier one.
                            f = new Building(name);
                            families.remove(name);
                            families.put(name, f);
                            message = f;
                        } else {
                            f = families.computeIfAbsent(name, Building::new);
                            if (f.help != null) {
                                throw error("second HELP line for metric name \"" + f.name + "\"");
                            }
                        }
                        f.help = parser.help();
                    }
                    case TYPE -> {
                        Building f = families.computeIfAbsent(checkedName(parser.metricFamily()), Building::new);
                        if (f.typed || f.metrics != null) {
                            throw error("second TYPE line for metric name \"" + f.name + "\", or TYPE reported after samples");
                        }
                        MetricType t = parser.type();
                        if (t != MetricType.COUNTER && t != MetricType.GAUGE && t != MetricType.SUMMARY
                                && t != MetricType.HISTOGRAM && t != MetricType.UNKNOWN) {
                            throw error("unsupported metric type " + t.text() + " for metric name \"" + f.name + "\"");
                        }
                        f.type = t;
                        f.typed = true;
                    }
                    case SERIES -> {
                        timestamps |= parser.hasTimestamp();
                        parser.labels(builder);
                        String name = checkedName(builder.get(Labels.METRIC_NAME));
                        builder.delete(Labels.METRIC_NAME);
                        Building f = protobuf ? message : familyFor(families, name);
                        Labels own = builder.build();
                        for (int i = 0; i < own.size(); i++) {
                            checkLabelName(own.name(i), name);
                        }
                        emptyLabels.clear();
                        parser.emptyLabelNames(emptyLabels);
                        for (String empty : emptyLabels) {
                            checkLabelName(empty, name);
                        }
                        if (f.metrics == null) {
                            f.metrics = new MetricAssembler(f.name, f.type, protobuf);
                        }
                        String pointLabel = f.metrics.pointLabel();
                        boolean hasPoint = false;
                        double point = Double.NaN;
                        // In protobuf only the quantile and bucket series carry the point label (the
                        // parser refuses an le label of a histogram; a quantile label on a summary
                        // without quantiles stays, for the consistency check to refuse).
                        if (pointLabel != null && !(protobuf && (name.equals(f.name + "_count") || name.equals(f.name + "_sum")))) {
                            String text = own.has(pointLabel) ? own.get(pointLabel) : emptyLabels.contains(pointLabel) ? "" : null;
                            if (text != null) {
                                point = pointValue(pointLabel, text);
                                hasPoint = protobuf || !Double.isNaN(point);
                                own = own.without(pointLabel);
                                emptyLabels.remove(pointLabel);
                            }
                        }
                        f.metrics.add(name, LabelPairs.of(own, emptyLabels), hasPoint, point, parser.value());
                    }
                    default -> {
                        // comments carry nothing
                    }
                }
            }
        } catch (ExpositionParseException ex) {
            throw new PushException(400, protobuf
                    ? errorPrefix + ex.reason() + " (at byte " + ex.offset() + ")"
                    : "text format parsing error in line " + ex.line() + ": " + ex.reason());
        }
        Map<String, PushedFamily> out = new LinkedHashMap<>();
        for (Building b : families.values()) {
            // A family announced by HELP/TYPE without samples is dropped, as the Pushgateway's parser does.
            if (b.hasSamples()) {
                List<PushedMetric> metrics = new ArrayList<>();
                for (PushedMetric m : b.metrics.metrics()) {
                    metrics.add(m.withLabels(m.labels().withGroupingLabels(grouping)));
                }
                out.put(b.name, new PushedFamily(b.name, b.type, b.help == null ? "" : b.help, metrics));
            }
        }
        return new Result(out, timestamps);
    }

    private static Building familyFor(Map<String, Building> families, String sample) {
        Building exact = families.get(sample);
        if (exact != null) {
            return exact;
        }
        Building summary = families.get(withoutSuffix(sample, "_sum", "_count"));
        if (summary != null && summary.type == MetricType.SUMMARY) {
            return summary;
        }
        Building histogram = families.get(withoutSuffix(sample, "_bucket", "_sum", "_count"));
        if (histogram != null && histogram.type == MetricType.HISTOGRAM) {
            return histogram;
        }
        Building f = new Building(sample);
        families.put(sample, f);
        return f;
    }

    private static String withoutSuffix(String name, String... suffixes) {
        for (String suffix : suffixes) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** The {@code le} or {@code quantile} of a sample, as Go's text parser reads it (NaN is allowed and means none). */
    private double pointValue(String label, String text) throws PushException {
        try {
            return goParseFloat(text);
        } catch (NumberFormatException e) {
            StringBuilder quoted = new StringBuilder();
            Labels.appendQuoted(quoted, text);
            throw new PushException(400, "text format parsing error in line " + currentLine() + ": expected float as value for '"
                    + label + "' label, got " + quoted);
        }
    }

    /** The line of the current sample, counted as the Pushgateway counts (from 1). */
    private int currentLine() {
        byte[] buf = parser.buffer();
        int line = 1;
        for (int i = 0, end = parser.seriesOffset(); i < end; i++) {
            if (buf[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Go's {@code expfmt} float syntax: {@code strconv.ParseFloat} of a decimal number or of
     * {@code [+-]inf}, {@code [+-]infinity}, {@code nan} in any case; no hexadecimal form, no
     * underscores; a finite number too large for a double is an error, not an infinity.
     */
    static double goParseFloat(String s) {
        int i = 0;
        int n = s.length();
        boolean signed = n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-');
        if (signed) {
            i++;
        }
        String word = s.substring(i);
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!signed && word.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        int digits = 0;
        for (; i < n && isDigit(s.charAt(i)); i++) {
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            for (i++; i < n && isDigit(s.charAt(i)); i++) {
                digits++;
            }
        }
        if (digits > 0 && i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            for (; i < n && isDigit(s.charAt(i)); i++) {
                expDigits++;
            }
            if (expDigits == 0) {
                throw new NumberFormatException(s);
            }
        }
        if (digits == 0 || i != n) {
            throw new NumberFormatException(s);
        }
        double v = Double.parseDouble(s);
        if (Double.isInfinite(v)) {
            throw new NumberFormatException("out of range: " + s);
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void checkLabelName(String label, String metric) throws PushException {
        if (!Labels.isLegacyLabelName(label) || label.startsWith("__")) {
            throw error("invalid label name \"" + label + "\" in metric \"" + metric + "\"");
        }
    }

    private String checkedName(String name) throws PushException {
        if (name == null || !Labels.isLegacyMetricName(name)) {
            throw error("invalid metric name \"" + name + "\"");
        }
        return name;
    }

    private PushException error(String message) {
        return new PushException(400, errorPrefix + message);
    }
}
