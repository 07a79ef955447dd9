package io.epimetheus.pushgateway;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the Pushgateway's consistency check (the Go client's {@code Gatherers.Gather} over the
 * state a push would produce) finds wrong, with its messages:
 *
 * <ul>
 *   <li>a histogram or summary {@code x} next to a family {@code x_count}, {@code x_sum} (or
 *       {@code x_bucket} for a histogram): the later family is skipped;
 *   <li>a metric whose type is not its family's (the type of the family in the first group);
 *   <li>a summary metric with a {@code quantile} label (from the grouping key);
 *   <li>a metric with the name and label pairs of an earlier one.
 * </ul>
 *
 * <p>Metrics are named as Go prints a protobuf message in compact text ({@code label:<name:"job"
 * value:"a" > gauge:<value:1 > }). The Pushgateway visits groups and families in Go's random map
 * order, so which of two clashing metrics it names varies; here families come in name order and
 * groups in key order.
 */
final class ConsistencyCheck {

    private ConsistencyCheck() {
    }

    /** One family name across groups: the type of its first group and every group's family. */
    private static final class Merged {
        final MetricType type;
        final List<PushedFamily> parts = new ArrayList<>();

        Merged(MetricType type) {
            this.type = type;
        }
    }

    /** The problems of {@code groups} (in grouping-key order), in the order they are found; empty when consistent. */
    static List<String> problems(List<MetricGroup> groups) {
        Map<String, Merged> families = new TreeMap<>(Labels::compareStrings);
        for (MetricGroup g : groups) {
            for (MetricGroup.TimedFamily tf : g.families().values()) {
                PushedFamily f = tf.family();
                families.computeIfAbsent(f.name(), k -> new Merged(f.type())).parts.add(f);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, MetricType> collected = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, Merged> e : families.entrySet()) {
            String name = e.getKey();
            Merged merged = e.getValue();
            String collision = suffixCollision(name, merged.type, collected);
            if (collision != null) {
                problems.add(collision);
                continue;
            }
            collected.put(name, merged.type);
            for (PushedFamily part : merged.parts) {
                for (PushedMetric m : part.metrics()) {
                    String problem = metricProblem(name, merged.type, part.type(), m, seen);
                    if (problem != null) {
                        problems.add(problem);
                    }
                }
            }
        }
        return problems;
    }

    /** The problems as the Pushgateway reports them: the one, or Go's {@code MultiError} text. */
    static String message(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        StringBuilder sb = new StringBuilder().append(problems.size()).append(" error(s) occurred:");
        for (String p : problems) {
            sb.append("\n* ").append(p);
        }
        return sb.toString();
    }

    private static String suffixCollision(String name, MetricType type, Map<String, MetricType> collected) {
        for (String suffix : new String[] {"_count", "_sum", "_bucket"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                MetricType baseType = collected.get(base);
                if (baseType == MetricType.SUMMARY && !suffix.equals("_bucket")) {
                    return "collected metric named \"" + name + "\" collides with previously collected summary named \""
                            + base + "\"";
                }
                if (baseType == MetricType.HISTOGRAM) {
                    return "collected metric named \"" + name + "\" collides with previously collected histogram named \""
                            + base + "\"";
                }
                break;
            }
        }
        if (type == MetricType.SUMMARY || type == MetricType.HISTOGRAM) {
            for (String suffix : new String[] {"_count", "_sum"}) {
                if (collected.containsKey(name + suffix)) {
                    return "collected histogram or summary named \"" + name
                            + "\" collides with previously collected metric named \"" + name + suffix + "\"";
                }
            }
        }
        if (type == MetricType.HISTOGRAM && collected.containsKey(name + "_bucket")) {
            return "collected histogram named \"" + name + "\" collides with previously collected metric named \"" + name
                    + "_bucket\"";
        }
        return null;
    }

    private static String metricProblem(String name, MetricType familyType, MetricType ownType, PushedMetric m,
            Set<String> seen) {
        if (ownType != familyType) {
            return collected(name, ownType, m) + " is not a " + PushedFamily.dtoType(familyType);
        }
        if (ownType == MetricType.SUMMARY && m.labels().get("quantile") != null) {
            return collected(name, ownType, m) + " must not have an explicit \"quantile\" label";
        }
        if (!seen.add(name + '\u00ff' + m.labels())) {
            return collected(name, ownType, m) + " was collected before with the same name and label values";
        }
        return null;
    }

    private static String collected(String name, MetricType type, PushedMetric m) {
        StringBuilder sb = new StringBuilder("collected metric \"").append(name).append("\" { ");
        LabelPairs labels = m.labels();
        for (int i = 0; i < labels.size(); i++) {
            sb.append("label:<name:");
            protoString(sb, labels.name(i));
            sb.append(" value:");
            protoString(sb, labels.value(i));
            sb.append(" > ");
        }
        switch (type) {
            case SUMMARY -> {
                sb.append("summary:<");
                countAndSum(sb, m);
                for (int i = 0; i < m.points(); i++) {
                    sb.append("quantile:<quantile:");
                    protoDouble(sb, m.bound(i));
                    sb.append(" value:");
                    protoDouble(sb, m.quantileValue(i));
                    sb.append(" > ");
                }
                sb.append("> ");
            }
            case HISTOGRAM -> {
                sb.append("histogram:<");
                countAndSum(sb, m);
                for (int i = 0; i < m.points(); i++) {
                    sb.append("bucket:<cumulative_count:").append(Long.toUnsignedString(m.bucketCount(i))).append(" upper_bound:");
                    protoDouble(sb, m.bound(i));
                    sb.append(" > ");
                }
                sb.append("> ");
            }
            default -> {
                sb.append(switch (type) {
                    case COUNTER -> "counter";
                    case GAUGE -> "gauge";
                    default -> "untyped";
                }).append(":<value:");
                protoDouble(sb, m.value());
                sb.append(" > ");
            }
        }
        return sb.append('}').toString();
    }

    private static void countAndSum(StringBuilder sb, PushedMetric m) {
        if (m.hasCount()) {
            sb.append("sample_count:").append(Long.toUnsignedString(m.count())).append(' ');
        }
        if (m.hasSum()) {
            sb.append("sample_sum:");
            protoDouble(sb, m.sum());
            sb.append(' ');
        }
    }

    /** A double in protobuf text: Go's shortest {@code 'g'} form, {@code inf}, {@code -inf}, {@code nan}. */
    private static void protoDouble(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            sb.append("nan");
        } else if (Double.isInfinite(v)) {
            sb.append(v > 0 ? "inf" : "-inf");
        } else {
            FloatFormat.appendG(sb, v);
        }
    }

    /** A string in protobuf text: {@code \n \r \t \" \\} escaped, other bytes outside printable ASCII in octal. */
    private static void protoString(StringBuilder sb, String s) {
        sb.append('"');
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                                .append((char) ('0' + (c & 7)));
                    }
                }
            }
        }
        sb.append('"');
    }
}
