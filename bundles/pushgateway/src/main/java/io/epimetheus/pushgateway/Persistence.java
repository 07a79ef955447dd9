package io.epimetheus.pushgateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.epimetheus.api.model.Labels;
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
 */
final class Persistence {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int VERSION = 1;

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
                    g.writeArrayFieldStart("families");
                    for (MetricGroup.TimedFamily tf : group.families().values()) {
                        PushedFamily f = tf.family();
                        g.writeStartObject();
                        g.writeStringField("name", f.name());
                        g.writeStringField("type", f.type().text());
                        g.writeStringField("help", f.help());
                        g.writeNumberField("timestamp_ms", tf.timestampMillis());
                        g.writeArrayFieldStart("samples");
                        for (PushedSample s : f.samples()) {
                            g.writeStartObject();
                            g.writeStringField("name", s.name());
                            labels(g, s.labels());
                            if (!s.emptyLabels().isEmpty()) {
                                g.writeArrayFieldStart("empty_labels");
                                for (String name : s.emptyLabels()) {
                                    g.writeString(name);
                                }
                                g.writeEndArray();
                            }
                            g.writeStringField("value", Double.toString(s.value()));
                            g.writeEndObject();
                        }
                        g.writeEndArray();
                        g.writeEndObject();
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

    /**
     * Reads a file written by {@link #save}.
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
            if (((Number) top.get("version")).intValue() != VERSION) {
                throw new IOException(file + ": unsupported persistence file version " + top.get("version"));
            }
            List<MetricGroup> groups = new ArrayList<>();
            for (Object go : (List<Object>) top.get("groups")) {
                Map<String, Object> gm = (Map<String, Object>) go;
                Labels groupLabels = labels(gm.get("labels"));
                Map<String, MetricGroup.TimedFamily> families = new LinkedHashMap<>();
                for (Object fo : (List<Object>) gm.get("families")) {
                    Map<String, Object> fm = (Map<String, Object>) fo;
                    List<PushedSample> samples = new ArrayList<>();
                    for (Object so : (List<Object>) fm.get("samples")) {
                        Map<String, Object> sm = (Map<String, Object>) so;
                        List<String> empty = (List<String>) (List<?>) sm.getOrDefault("empty_labels", List.of());
                        samples.add(new PushedSample((String) sm.get("name"), labels(sm.get("labels")),
                                List.copyOf(empty), Double.parseDouble((String) sm.get("value"))));
                    }
                    MetricType type = MetricType.ofText((String) fm.get("type"));
                    if (type == null) {
                        throw new IOException(file + ": unknown metric type " + fm.get("type"));
                    }
                    PushedFamily f = new PushedFamily((String) fm.get("name"), type, (String) fm.get("help"), List.copyOf(samples));
                    families.put(f.name(), new MetricGroup.TimedFamily(f, ((Number) fm.get("timestamp_ms")).longValue()));
                }
                groups.add(new MetricGroup(groupLabels, Map.copyOf(families),
                        Double.parseDouble((String) gm.get("push_time_seconds")),
                        Double.parseDouble((String) gm.get("push_failure_time_seconds"))));
            }
            return groups;
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IOException(file + ": not a Pushgateway persistence file of this version: " + e, e);
        }
    }

    private static void labels(JsonGenerator g, Labels labels) throws IOException {
        g.writeObjectFieldStart("labels");
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
        g.writeEndObject();
    }

    @SuppressWarnings("unchecked")
    private static Labels labels(Object o) {
        return Labels.of((Map<String, String>) (Map<String, ?>) o);
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
