package io.epimetheus.pushgateway;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes every group's metrics as the Pushgateway's {@code GET /metrics} does, byte for byte: the
 * text format 0.0.4 as the Go client library writes it ({@code expfmt.MetricFamilyToText}).
 *
 * <ul>
 *   <li>Families merge across groups by name and come sorted by name; {@code push_time_seconds}
 *       and {@code push_failure_time_seconds} (one metric per group) are families like the others.
 *       A merged family has the help and type of its first group in grouping-key order (the
 *       Pushgateway takes whichever group its map yields first); no help, no {@code # HELP}.
 *   <li>The metrics of a family are sorted as the Go client sorts them: fewer labels first, then
 *       label values position by position (see {@link LabelPairs#compareForExposition}); ties keep
 *       their order (groups in key order, then as pushed).
 *   <li>A metric's labels are written in name order, empty ones included; {@code quantile} or
 *       {@code le} comes last, its value formatted as a float ({@code le="1.0"} pushed is {@code
 *       le="1"}). A summary writes its quantiles, {@code _sum} and {@code _count}; a histogram its
 *       buckets, a {@code le="+Inf"} bucket (the count) when it has none, {@code _sum} and
 *       {@code _count}; sums and counts that were not pushed are 0.
 *   <li>Values as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}, but 0 (also -0) is {@code 0};
 *       counts are unsigned integers.
 * </ul>
 *
 * <p>The general {@link io.epimetheus.expfmt.ExpositionWriter} sorts every label by name and writes
 * metrics as given, so it cannot place {@code le} last or fill in what Go's writer adds.
 */
final class GroupsExposition {

    private GroupsExposition() {
    }

    /** One family name across groups: the first group's family and everyone's metrics. */
    private static final class Merged {
        final String name;
        final MetricType type;
        final String help;
        final List<PushedMetric> metrics = new ArrayList<>();

        Merged(String name, MetricType type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }
    }

    /** Writes {@code groups}, given in grouping-key order, to {@code out} (which stays open). */
    static void write(List<MetricGroup> groups, OutputStream out) throws IOException {
        Map<String, Merged> families = new TreeMap<>(Labels::compareStrings);
        for (MetricGroup g : groups) {
            for (MetricGroup.TimedFamily tf : g.families().values()) {
                PushedFamily f = tf.family();
                families.computeIfAbsent(f.name(), k -> new Merged(f.name(), f.type(), f.help())).metrics.addAll(f.metrics());
            }
            LabelPairs labels = LabelPairs.EMPTY.withGroupingLabels(g.labels());
            families.computeIfAbsent(MetricStore.PUSH_TIME, k -> new Merged(k, MetricType.GAUGE, MetricStore.PUSH_TIME_HELP))
                    .metrics.add(PushedMetric.single(labels, g.pushTimeSeconds()));
            families.computeIfAbsent(MetricStore.PUSH_FAILURE_TIME,
                    k -> new Merged(k, MetricType.GAUGE, MetricStore.PUSH_FAILURE_TIME_HELP))
                    .metrics.add(PushedMetric.single(labels, g.pushFailureTimeSeconds()));
        }
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        StringBuilder line = new StringBuilder(256);
        for (Merged m : families.values()) {
            // List.sort is stable: equal metrics keep the order of their groups.
            m.metrics.sort((a, b) -> LabelPairs.compareForExposition(a.labels(), b.labels()));
            writeFamily(m, line, w);
        }
        w.flush();
    }

    private static void writeFamily(Merged f, StringBuilder line, Writer w) throws IOException {
        line.setLength(0);
        if (!f.help.isEmpty()) {
            line.append("# HELP ").append(f.name).append(' ');
            escape(line, f.help, false);
            line.append('\n');
        }
        line.append("# TYPE ").append(f.name).append(' ').append(typeWord(f.type)).append('\n');
        w.append(line);
        for (PushedMetric m : f.metrics) {
            line.setLength(0);
            switch (f.type) {
                case SUMMARY -> {
                    for (int i = 0; i < m.points(); i++) {
                        sample(line, f.name, "", m, "quantile", m.bound(i), m.quantileValue(i));
                    }
                    sample(line, f.name, "_sum", m, null, 0, m.sum());
                    sample(line, f.name, "_count", m, null, 0, PushedMetric.unsignedToDouble(m.count()));
                }
                case HISTOGRAM -> {
                    boolean infSeen = false;
                    for (int i = 0; i < m.points(); i++) {
                        sample(line, f.name, "_bucket", m, "le", m.bound(i), PushedMetric.unsignedToDouble(m.bucketCount(i)));
                        infSeen |= m.bound(i) == Double.POSITIVE_INFINITY;
                    }
                    if (!infSeen) {
                        sample(line, f.name, "_bucket", m, "le", Double.POSITIVE_INFINITY,
                                PushedMetric.unsignedToDouble(m.count()));
                    }
                    sample(line, f.name, "_sum", m, null, 0, m.sum());
                    sample(line, f.name, "_count", m, null, 0, PushedMetric.unsignedToDouble(m.count()));
                }
                default -> sample(line, f.name, "", m, null, 0, m.value());
            }
            w.append(line);
        }
    }

    private static void sample(StringBuilder line, String name, String suffix, PushedMetric m, String pointLabel,
            double point, double value) {
        line.append(name).append(suffix);
        LabelPairs labels = m.labels();
        char separator = '{';
        for (int i = 0; i < labels.size(); i++) {
            line.append(separator).append(labels.name(i)).append("=\"");
            escape(line, labels.value(i), true);
            line.append('"');
            separator = ',';
        }
        if (pointLabel != null) {
            line.append(separator).append(pointLabel).append("=\"");
            goFloat(line, point);
            line.append('"');
            separator = ',';
        }
        if (separator == ',') {
            line.append('}');
        }
        line.append(' ');
        goFloat(line, value);
        line.append('\n');
    }

    private static String typeWord(MetricType type) {
        return switch (type) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case SUMMARY -> "summary";
            case HISTOGRAM -> "histogram";
            default -> "untyped";
        };
    }

    /** The text format's escapes: backslash and newline, and the double quote in label values. */
    private static void escape(StringBuilder out, String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** Go's {@code writeFloat}: {@code 0} for both zeros, else {@link FloatFormat#appendG}. */
    private static void goFloat(StringBuilder out, double v) {
        if (v == 0) {
            out.append('0');
        } else {
            FloatFormat.appendG(out, v);
        }
    }
}
