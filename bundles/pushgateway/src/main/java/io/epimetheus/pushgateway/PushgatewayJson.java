package io.epimetheus.pushgateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the Pushgateway API v1: {@code /api/v1/metrics} (each group with its labels,
 * {@code last_push_successful} and its families: time_stamp, type, help and metrics, values as Go
 * prints them, metric labels including the empty ones) and {@code /api/v1/status}.
 */
final class PushgatewayJson {

    private static final JsonFactory JSON = new JsonFactory();

    private PushgatewayJson() {
    }

    static void metrics(List<MetricGroup> groups, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeArrayFieldStart("data");
            for (MetricGroup group : groups) {
                g.writeStartObject();
                labels(g, "labels", group.labels(), List.of());
                g.writeBooleanField("last_push_successful", group.lastPushSuccessful());
                long pushMillis = (long) (group.pushTimeSeconds() * 1000);
                long failureMillis = (long) (group.pushFailureTimeSeconds() * 1000);
                family(g, new PushedFamily(MetricStore.PUSH_TIME, MetricType.GAUGE, MetricStore.PUSH_TIME_HELP,
                        List.of(new PushedSample(MetricStore.PUSH_TIME, group.labels(), group.pushTimeSeconds()))), pushMillis);
                family(g, new PushedFamily(MetricStore.PUSH_FAILURE_TIME, MetricType.GAUGE, MetricStore.PUSH_FAILURE_TIME_HELP,
                        List.of(new PushedSample(MetricStore.PUSH_FAILURE_TIME, group.labels(), group.pushFailureTimeSeconds()))),
                        failureMillis);
                for (MetricGroup.TimedFamily tf : group.families().values()) {
                    family(g, tf.family(), tf.timestampMillis());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    static void status(Map<String, String> flags, Instant startTime, Map<String, String> buildInformation, OutputStream out)
            throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeObjectFieldStart("data");
            stringMap(g, "flags", flags);
            g.writeStringField("start_time", startTime.toString());
            stringMap(g, "build_information", buildInformation);
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void family(JsonGenerator g, PushedFamily f, long timestampMillis) throws IOException {
        g.writeObjectFieldStart(f.name());
        g.writeStringField("time_stamp", Instant.ofEpochMilli(timestampMillis).toString());
        g.writeStringField("type", f.dtoType());
        if (!f.help().isEmpty()) {
            g.writeStringField("help", f.help());
        }
        g.writeArrayFieldStart("metrics");
        switch (f.type()) {
            case SUMMARY -> distribution(g, f, "quantile", "quantiles");
            case HISTOGRAM -> distribution(g, f, "le", "buckets");
            default -> {
                for (PushedSample s : f.samples()) {
                    g.writeStartObject();
                    labels(g, "labels", s.labels(), s.emptyLabels());
                    g.writeStringField("value", number(s.value()));
                    g.writeEndObject();
                }
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** One JSON metric per label set of a summary or histogram, its quantiles or buckets as a map. */
    private static void distribution(JsonGenerator g, PushedFamily f, String keyLabel, String field) throws IOException {
        Map<Labels, Map<String, String>> points = new LinkedHashMap<>();
        Map<Labels, String[]> countSum = new LinkedHashMap<>();
        Map<Labels, List<String>> emptyLabels = new LinkedHashMap<>();
        for (PushedSample s : f.samples()) {
            Labels base = s.labels().without(keyLabel);
            emptyLabels.putIfAbsent(base, s.emptyLabels());
            String[] cs = countSum.computeIfAbsent(base, k -> new String[] {"0", "0"});
            Map<String, String> p = points.computeIfAbsent(base, k -> new LinkedHashMap<>());
            if (s.name().equals(f.name() + "_count")) {
                cs[0] = number(s.value());
            } else if (s.name().equals(f.name() + "_sum")) {
                cs[1] = number(s.value());
            } else {
                String key = s.labels().getOrEmpty(keyLabel);
                p.put(key.equals("+Inf") ? key : number(Double.parseDouble(key)), number(s.value()));
            }
        }
        for (Map.Entry<Labels, Map<String, String>> e : points.entrySet()) {
            g.writeStartObject();
            labels(g, "labels", e.getKey(), emptyLabels.get(e.getKey()));
            stringMap(g, field, e.getValue());
            g.writeStringField("count", countSum.get(e.getKey())[0]);
            g.writeStringField("sum", countSum.get(e.getKey())[1]);
            g.writeEndObject();
        }
    }

    /** Go's {@code fmt.Sprint} of a float64. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return FloatFormat.formatG(v);
    }

    /** The labels and, with an empty value, the names {@code empty}, merged in name order as Go sorts map keys. */
    private static void labels(JsonGenerator g, String field, Labels labels, List<String> empty) throws IOException {
        g.writeObjectFieldStart(field);
        int e = 0;
        for (int i = 0; i < labels.size(); i++) {
            for (; e < empty.size() && Labels.compareStrings(empty.get(e), labels.name(i)) < 0; e++) {
                g.writeStringField(empty.get(e), "");
            }
            g.writeStringField(labels.name(i), labels.value(i));
        }
        for (; e < empty.size(); e++) {
            g.writeStringField(empty.get(e), "");
        }
        g.writeEndObject();
    }

    private static void stringMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
