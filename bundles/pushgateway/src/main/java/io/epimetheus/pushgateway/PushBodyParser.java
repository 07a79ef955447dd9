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
 * Turns a pushed text-format body into metric families, the way the Pushgateway's text parser
 * groups samples: {@code # TYPE}/{@code # HELP} name a family, {@code _bucket}/{@code _sum}/{@code
 * _count} samples join their histogram or summary, any other sample without metadata is an
 * untyped family of its own. Grouping labels replace same-named labels of every sample; labels
 * pushed with an empty value are kept as such. Names must be legacy Prometheus names (the
 * Pushgateway's default validation).
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
        final List<PushedSample> samples = new ArrayList<>();

        Building(String name) {
            this.name = name;
        }
    }

    private final ExpositionParser parser = ExpositionFormat.PROMETHEUS_TEXT.newParser(ParseOptions.DEFAULT);
    private final LabelsBuilder builder = new LabelsBuilder();
    private final List<String> emptyLabels = new ArrayList<>();

    /**
     * Parses {@code body[0, length)}.
     *
     * @throws PushException (400) naming the problem and where it is
     */
    Result parse(byte[] body, int length, Labels grouping) throws PushException {
        Map<String, Building> families = new LinkedHashMap<>();
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
                        Building f = families.computeIfAbsent(checkedName(parser.metricFamily()), Building::new);
                        if (f.help != null) {
                            throw error("second HELP line for metric name \"" + f.name + "\"");
                        }
                        f.help = parser.help();
                    }
                    case TYPE -> {
                        Building f = families.computeIfAbsent(checkedName(parser.metricFamily()), Building::new);
                        if (f.typed || !f.samples.isEmpty()) {
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
                        Building f = familyFor(families, name);
                        Labels own = builder.build();
                        for (int i = 0; i < own.size(); i++) {
                            checkLabelName(own.name(i), name);
                        }
                        emptyLabels.clear();
                        parser.emptyLabelNames(emptyLabels);
                        for (String empty : emptyLabels) {
                            checkLabelName(empty, name);
                        }
                        checkSample(f, name, own);
                        for (int i = 0; i < grouping.size(); i++) {
                            builder.set(grouping.name(i), grouping.value(i));
                        }
                        f.samples.add(new PushedSample(name, builder.build(), emptyLabels, parser.value()));
                    }
                    default -> {
                        // comments carry nothing
                    }
                }
            }
        } catch (ExpositionParseException ex) {
            throw new PushException(400, "text format parsing error in line " + ex.line() + ": " + ex.reason());
        }
        Map<String, PushedFamily> out = new LinkedHashMap<>();
        for (Building b : families.values()) {
            // A family announced by HELP/TYPE without samples is dropped, as the Pushgateway's parser does.
            if (!b.samples.isEmpty()) {
                out.put(b.name, new PushedFamily(b.name, b.type, b.help == null ? "" : b.help, List.copyOf(b.samples)));
            }
        }
        return new Result(out, timestamps);
    }

    private static Building familyFor(Map<String, Building> families, String sample) throws PushException {
        Building exact = families.get(sample);
        if (exact != null && exact.type != MetricType.HISTOGRAM) {
            return exact;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sample.endsWith(suffix)) {
                Building base = families.get(sample.substring(0, sample.length() - suffix.length()));
                if (base != null && (base.type == MetricType.HISTOGRAM
                        || (base.type == MetricType.SUMMARY && !suffix.equals("_bucket")))) {
                    return base;
                }
            }
        }
        if (exact != null) {
            throw error("sample \"" + sample + "\" of histogram \"" + sample + "\" is not a _bucket, _sum or _count");
        }
        Building f = new Building(sample);
        families.put(sample, f);
        return f;
    }

    private static void checkSample(Building f, String name, Labels labels) throws PushException {
        if (f.type == MetricType.HISTOGRAM && name.endsWith("_bucket") && !labels.has("le")) {
            throw error("histogram bucket \"" + name + "\" without \"le\" label");
        }
        if (f.type == MetricType.SUMMARY && name.equals(f.name) && !labels.has("quantile")) {
            throw error("summary sample \"" + name + "\" without \"quantile\" label");
        }
    }

    private static void checkLabelName(String label, String metric) throws PushException {
        if (!Labels.isLegacyLabelName(label) || label.startsWith("__")) {
            throw error("invalid label name \"" + label + "\" in metric \"" + metric + "\"");
        }
    }

    private static String checkedName(String name) throws PushException {
        if (name == null || !Labels.isLegacyMetricName(name)) {
            throw error("invalid metric name \"" + name + "\"");
        }
        return name;
    }

    private static PushException error(String message) {
        return new PushException(400, "text format parsing error: " + message);
    }
}
