package io.epimetheus.exporters;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link MetricSink} for tests: records families and samples and checks the sink contract
 * (a family before its samples, each family once, sample names belonging to their family, no
 * duplicate series).
 */
public final class RecordingSink implements MetricSink {

    public record Family(String name, MetricType type, String help, String unit) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Map<String, Double> samples = new TreeMap<>();
    private final Map<String, String> sampleFamily = new LinkedHashMap<>();
    private Family current;

    @Override
    public void family(String name, MetricType type, String help, String unit) {
        assertFalse(families.containsKey(name), "family announced twice: " + name);
        assertTrue(unit.isEmpty() || name.endsWith("_" + unit), "unit " + unit + " is not a suffix of " + name);
        current = new Family(name, type, help, unit);
        families.put(name, current);
    }

    @Override
    public void sample(String sampleName, Labels labels, double value) {
        assertNotNull(current, "sample before any family: " + sampleName);
        assertTrue(sampleName.startsWith(current.name()), sampleName + " outside family " + current.name());
        assertFalse(labels.has(Labels.METRIC_NAME), "labels with __name__");
        String key = sampleName + labels;
        assertFalse(samples.containsKey(key), "duplicate series " + key);
        samples.put(key, value);
        sampleFamily.put(key, current.name());
    }

    @Override
    public void sample(String sampleName, Labels labels, double value, long timestampMillis) {
        sample(sampleName, labels, value);
    }

    public Map<String, Family> families() {
        return families;
    }

    /** Series key ({@code name{a="b"}} as {@link Labels#toString()} prints labels) to value. */
    public Map<String, Double> samples() {
        return samples;
    }

    public Family family(String name) {
        return families.get(name);
    }

    /** The value of {@code name} with {@code labels} (alternating names and values); fails when absent. */
    public double value(String name, String... labels) {
        String key = name + Labels.of(labels);
        Double v = samples.get(key);
        assertNotNull(v, "no sample " + key + " in " + samples.keySet());
        return v;
    }

    public boolean has(String name, String... labels) {
        return samples.containsKey(name + Labels.of(labels));
    }

    /** The sample names seen (without labels). */
    public java.util.Set<String> sampleNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String k : samples.keySet()) {
            names.add(k.substring(0, k.indexOf('{')));
        }
        return names;
    }
}
