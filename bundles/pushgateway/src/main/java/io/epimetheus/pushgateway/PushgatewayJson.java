package io.epimetheus.pushgateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON of the Pushgateway API v1: {@code /api/v1/metrics} (each group with its labels, empty
 * ones included, {@code last_push_successful} and its families: time_stamp, type, help and metrics;
 * values as Go's {@code fmt.Sprint} prints them, counts as unsigned integers; object keys sorted as
 * Go's {@code encoding/json} sorts map keys; strings escaped as it escapes them) and {@code
 * /api/v1/status}.
 */
final class PushgatewayJson {

    private static final JsonFactory JSON = new JsonFactory().setCharacterEscapes(new GoEscapes());
    private static final String LABELS = "labels";
    private static final String LAST_PUSH_SUCCESSFUL = "last_push_successful";

    private PushgatewayJson() {
    }

    /**
     * The escapes of Go's {@code json.Marshal}: newline, carriage return and tab as short escapes;
     * other control characters, {@code < > &} (HTML-safe output), U+2028 and U+2029 as six-character
     * Unicode escapes with lower-case hex digits.
     */
    private static final class GoEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;

        private final int[] ascii = standardAsciiEscapesForJSON();

        GoEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }

    static void metrics(List<MetricGroup> groups, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeArrayFieldStart("data");
            for (MetricGroup group : groups) {
                group(g, group);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** One group: a Go map, so its keys (the two fields and the family names) come sorted. */
    private static void group(JsonGenerator g, MetricGroup group) throws IOException {
        LabelPairs labels = LabelPairs.EMPTY.withGroupingLabels(group.labels());
        TreeMap<String, MetricGroup.TimedFamily> entries = new TreeMap<>(Labels::compareStrings);
        entries.put(MetricStore.PUSH_TIME, new MetricGroup.TimedFamily(new PushedFamily(MetricStore.PUSH_TIME,
                MetricType.GAUGE, MetricStore.PUSH_TIME_HELP, List.of(PushedMetric.single(labels, group.pushTimeSeconds()))),
                group.pushTimeMillis()));
        entries.put(MetricStore.PUSH_FAILURE_TIME, new MetricGroup.TimedFamily(new PushedFamily(MetricStore.PUSH_FAILURE_TIME,
                MetricType.GAUGE, MetricStore.PUSH_FAILURE_TIME_HELP,
                List.of(PushedMetric.single(labels, group.pushFailureTimeSeconds()))),
                group.pushFailureTimeMillis()));
        for (MetricGroup.TimedFamily tf : group.families().values()) {
            entries.put(tf.family().name(), tf);
        }
        TreeSet<String> keys = new TreeSet<>(Labels::compareStrings);
        keys.addAll(entries.keySet());
        keys.add(LABELS);
        keys.add(LAST_PUSH_SUCCESSFUL);
        g.writeStartObject();
        for (String key : keys) {
            MetricGroup.TimedFamily tf = entries.get(key);
            // A family of one of the two names replaces the field, as in the Pushgateway's map.
            if (tf != null) {
                family(g, tf.family(), tf.timestampMillis());
            } else if (key.equals(LABELS)) {
                labels(g, LABELS, group.labels());
            } else {
                g.writeBooleanField(LAST_PUSH_SUCCESSFUL, group.lastPushSuccessful());
            }
        }
        g.writeEndObject();
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
        g.writeStringField("time_stamp", goTime(timestampMillis));
        g.writeStringField("type", f.dtoType());
        if (!f.help().isEmpty()) {
            g.writeStringField("help", f.help());
        }
        g.writeArrayFieldStart("metrics");
        for (PushedMetric m : f.metrics()) {
            g.writeStartObject();
            switch (f.type()) {
                case SUMMARY -> {
                    g.writeStringField("count", Long.toUnsignedString(m.count()));
                    labels(g, LABELS, m.labels());
                    TreeMap<String, String> quantiles = new TreeMap<>(Labels::compareStrings);
                    for (int i = 0; i < m.points(); i++) {
                        quantiles.put(number(m.bound(i)), number(m.quantileValue(i)));
                    }
                    stringMap(g, "quantiles", quantiles);
                    g.writeStringField("sum", number(m.sum()));
                }
                case HISTOGRAM -> {
                    TreeMap<String, String> buckets = new TreeMap<>(Labels::compareStrings);
                    for (int i = 0; i < m.points(); i++) {
                        buckets.put(number(m.bound(i)), Long.toUnsignedString(m.bucketCount(i)));
                    }
                    stringMap(g, "buckets", buckets);
                    g.writeStringField("count", Long.toUnsignedString(m.count()));
                    labels(g, LABELS, m.labels());
                    g.writeStringField("sum", number(m.sum()));
                }
                default -> {
                    labels(g, LABELS, m.labels());
                    g.writeStringField("value", number(m.value()));
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * A time as Go's JSON writes it (RFC 3339 with the fraction's trailing zeros cut: {@code .1},
     * not {@code .100}), in UTC.
     */
    static String goTime(long millis) {
        String iso = Instant.ofEpochMilli(millis).toString();
        int dot = iso.indexOf('.');
        if (dot < 0) {
            return iso;
        }
        int end = iso.length() - 1; // the 'Z'
        while (iso.charAt(end - 1) == '0') {
            end--;
        }
        return iso.substring(0, end) + "Z";
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

    private static void labels(JsonGenerator g, String field, LabelPairs labels) throws IOException {
        g.writeObjectFieldStart(field);
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
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
