package io.epimetheus.pushgateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.epimetheus.api.model.MetricType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persistence file: every group with its push times and families, as JSON (the Pushgateway
 * uses Go's gob, which nothing else reads). Written to a temporary file in the same directory and
 * renamed over the old one, so a crash leaves either the previous or the new state.
 *
 * <p>Version 2 holds what {@code /metrics} exposes: label pairs with their empty values (of the
 * grouping key too), and each metric whole, as the Pushgateway does (a summary's quantiles, a
 * histogram's buckets, sum and count; counts unsigned). Doubles are written as Java prints them,
 * so they read back exactly, NaN and infinities included. Version 1 files (one entry per exposed
 * sample, grouping keys without empty values) are still read.
 */
final class Persistence {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int VERSION = 2;

    private Persistence() {
    }

    static void save(List<MetricGroup> groups, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".in_progress.", "");
        try {
            try (OutputStream out = Files.newOutputStream(tmp); JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("version", VERSION);
                g.writeArrayFieldStart("groups");
                for (MetricGroup group : groups) {
                    g.writeStartObject();
                    labels(g, group.labels());
                    g.writeStringField("push_time_seconds", Double.toString(group.pushTimeSeconds()));
                    g.writeStringField("push_failure_time_seconds", Double.toString(group.pushFailureTimeSeconds()));
                    g.writeNumberField("created_ms", group.createdMillis());
                    g.writeArrayFieldStart("families");
                    for (MetricGroup.TimedFamily tf : group.families().values()) {
                        family(g, tf);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void family(JsonGenerator g, MetricGroup.TimedFamily tf) throws IOException {
        PushedFamily f = tf.family();
        g.writeStartObject();
        g.writeStringField("name", f.name());
        g.writeStringField("type", f.type().text());
        g.writeStringField("help", f.help());
        g.writeNumberField("timestamp_ms", tf.timestampMillis());
        g.writeArrayFieldStart("metrics");
        for (PushedMetric m : f.metrics()) {
            g.writeStartObject();
            labels(g, m.labels());
            switch (f.type()) {
                case SUMMARY, HISTOGRAM -> {
                    g.writeArrayFieldStart("bounds");
                    for (int i = 0; i < m.points(); i++) {
                        g.writeString(Double.toString(m.bound(i)));
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart(f.type() == MetricType.SUMMARY ? "values" : "counts");
                    for (int i = 0; i < m.points(); i++) {
                        g.writeString(f.type() == MetricType.SUMMARY ? Double.toString(m.quantileValue(i))
                                : Long.toUnsignedString(m.bucketCount(i)));
                    }
                    g.writeEndArray();
                    if (m.hasSum()) {
                        g.writeStringField("sum", Double.toString(m.sum()));
                    }
                    if (m.hasCount()) {
                        g.writeStringField("count", Long.toUnsignedString(m.count()));
                    }
                }
                default -> g.writeStringField("value", Double.toString(m.value()));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * Reads a file written by {@link #save}, of this version or version 1.
     *
     * @throws IOException naming the file and what is wrong with it
     */
    @SuppressWarnings("unchecked")
    static List<MetricGroup> load(Path file) throws IOException {
        Object root;
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            root = read(p);
        }
        try {
            Map<String, Object> top = (Map<String, Object>) root;
            int version = ((Number) top.get("version")).intValue();
            if (version != VERSION && version != 1) {
                throw new IOException(file + ": unsupported persistence file version " + version);
            }
            List<MetricGroup> groups = new ArrayList<>();
            for (Object go : (List<Object>) top.get("groups")) {
                Map<String, Object> gm = (Map<String, Object>) go;
                Map<String, MetricGroup.TimedFamily> families = new LinkedHashMap<>();
                for (Object fo : (List<Object>) gm.get("families")) {
                    Map<String, Object> fm = (Map<String, Object>) fo;
                    MetricType type = MetricType.ofText((String) fm.get("type"));
                    if (type == null) {
                        throw new IOException(file + ": unknown metric type " + fm.get("type"));
                    }
                    String name = (String) fm.get("name");
                    List<PushedMetric> metrics = version == 1
                            ? samplesOfVersion1(name, type, (List<Object>) fm.get("samples"))
                            : metrics(type, (List<Object>) fm.get("metrics"));
                    PushedFamily f = new PushedFamily(name, type, (String) fm.get("help"), metrics);
                    families.put(f.name(), new MetricGroup.TimedFamily(f, ((Number) fm.get("timestamp_ms")).longValue()));
                }
                double pushTime = Double.parseDouble((String) gm.get("push_time_seconds"));
                double failureTime = Double.parseDouble((String) gm.get("push_failure_time_seconds"));
                // Version 1 did not keep the creation time: the earliest push time known stands in.
                long created = gm.containsKey("created_ms") ? ((Number) gm.get("created_ms")).longValue()
                        : Math.round(1000 * (pushTime > 0 && failureTime > 0 ? Math.min(pushTime, failureTime)
                                : Math.max(pushTime, failureTime)));
                groups.add(new MetricGroup(labels(gm.get("labels")), Map.copyOf(families), pushTime, failureTime, created));
            }
            return groups;
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IOException(file + ": not a Pushgateway persistence file of version 1 or " + VERSION + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<PushedMetric> metrics(MetricType type, List<Object> list) {
        List<PushedMetric> out = new ArrayList<>(list.size());
        for (Object o : list) {
            Map<String, Object> m = (Map<String, Object>) o;
            LabelPairs labels = labels(m.get("labels"));
            if (type == MetricType.SUMMARY || type == MetricType.HISTOGRAM) {
                double[] bounds = doubles((List<Object>) m.get("bounds"));
                Double sum = m.containsKey("sum") ? Double.valueOf((String) m.get("sum")) : null;
                Long count = m.containsKey("count") ? Long.parseUnsignedLong((String) m.get("count")) : null;
                if (type == MetricType.SUMMARY) {
                    out.add(PushedMetric.summary(labels, bounds, doubles((List<Object>) m.get("values")), sum, count));
                } else {
                    List<Object> counts = (List<Object>) m.get("counts");
                    long[] cumulative = new long[counts.size()];
                    for (int i = 0; i < cumulative.length; i++) {
                        cumulative[i] = Long.parseUnsignedLong((String) counts.get(i));
                    }
                    out.add(PushedMetric.histogram(labels, bounds, cumulative, sum, count));
                }
            } else {
                out.add(PushedMetric.single(labels, Double.parseDouble((String) m.get("value"))));
            }
        }
        return out;
    }

    /** Version 1 stored the exposed samples one by one: they make metrics as pushed samples do. */
    @SuppressWarnings("unchecked")
    private static List<PushedMetric> samplesOfVersion1(String family, MetricType type, List<Object> samples) {
        MetricAssembler assembler = new MetricAssembler(family, type, false);
        String pointLabel = assembler.pointLabel();
        for (Object so : samples) {
            Map<String, Object> sm = (Map<String, Object>) so;
            Map<String, String> labels = new LinkedHashMap<>((Map<String, String>) sm.get("labels"));
            for (String empty : (List<String>) sm.getOrDefault("empty_labels", List.of())) {
                labels.put(empty, "");
            }
            String point = pointLabel == null ? null : labels.remove(pointLabel);
            double bound = point == null ? Double.NaN : PushBodyParser.goParseFloat(point);
            assembler.add((String) sm.get("name"), LabelPairs.of(labels), !Double.isNaN(bound), bound,
                    Double.parseDouble((String) sm.get("value")));
        }
        return assembler.metrics();
    }

    private static double[] doubles(List<Object> strings) {
        double[] out = new double[strings.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble((String) strings.get(i));
        }
        return out;
    }

    private static void labels(JsonGenerator g, LabelPairs labels) throws IOException {
        g.writeObjectFieldStart("labels");
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
        g.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private static LabelPairs labels(Object o) {
        return LabelPairs.of((Map<String, String>) (Map<String, ?>) o);
    }

    /** Reads the value at the current token into maps, lists, strings and numbers. */
    private static Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IOException("empty persistence file");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, read(p));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t + " at " + p.currentLocation());
        }
    }
}
