package io.epimetheus.exporters.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.ExpositionLines;
import io.epimetheus.exporters.RecordingSink;
import io.epimetheus.exporters.TestConfigs;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Our JVM collector against the Prometheus Java client's own {@code JvmMetrics} in the same JVM:
 * same metric names, types, help texts and label names.
 */
class JvmCollectorTest {

    private static final Set<String> NOT_COVERED = Set.of();

    @Test
    void namesHelpTypesAndLabelsMatchThePrometheusJavaClient() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        JvmCollector ours = new JvmCollector(TestConfigs.of(JvmConfig.class, Map.of()));
        // Both count pool allocations from GC notifications: let one happen while both listen.
        System.gc();
        Thread.sleep(500);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        String reference = out.toString(StandardCharsets.UTF_8);

        RecordingSink sink = new RecordingSink();
        ours.collect(sink);
        ours.deactivate();

        Map<String, String> help = ExpositionLines.help(reference);
        Map<String, String> types = ExpositionLines.types(reference);
        Set<String> missing = new TreeSet<>();
        for (Map.Entry<String, String> e : types.entrySet()) {
            String name = e.getKey();
            if (NOT_COVERED.contains(name)) {
                continue;
            }
            RecordingSink.Family f = sink.family(name);
            if (f == null && name.endsWith("_total")) {
                f = sink.family(name.substring(0, name.length() - 6));
            }
            if (f == null) {
                missing.add(name);
                continue;
            }
            assertEquals(e.getValue(), f.type().text(), "type of " + name);
            assertEquals(help.get(name), f.help(), "help of " + name);
        }
        assertTrue(missing.isEmpty(), "families the Java client has and we lack: " + missing);

        assertEquals(labelNames(ExpositionLines.samples(reference).keySet()), labelNames(sink.samples().keySet()));
    }

    @Test
    void valuesAreSane() {
        RecordingSink sink = new RecordingSink();
        new JvmCollector(TestConfigs.of(JvmConfig.class, Map.of())).collect(sink);
        assertTrue(sink.value("jvm_memory_used_bytes", "area", "heap") > 0);
        assertTrue(sink.value("jvm_threads_current") >= 1);
        assertTrue(sink.value("process_cpu_seconds_total") > 0);
        assertTrue(sink.value("process_open_fds") > 0);
        assertTrue(sink.value("process_resident_memory_bytes") > 1e6);
        double start = sink.value("process_start_time_seconds");
        assertTrue(start > 1.6e9 && start <= System.currentTimeMillis() / 1000.0, "start " + start);
        assertEquals(MetricType.SUMMARY, sink.family("jvm_gc_collection_seconds").type());
    }

    @Test
    void groupsCanBeTurnedOff() {
        RecordingSink sink = new RecordingSink();
        new JvmCollector(TestConfigs.of(JvmConfig.class, Map.of("process", false, "threads", false))).collect(sink);
        assertTrue(sink.family("process_cpu_seconds") == null);
        assertTrue(sink.family("jvm_threads_current") == null);
        assertTrue(sink.family("jvm_memory_used_bytes") != null);
    }

    /** metric name to its label names, e.g. {@code jvm_memory_used_bytes[area]}. */
    private static Set<String> labelNames(Set<String> seriesKeys) {
        Set<String> out = new TreeSet<>();
        for (String key : seriesKeys) {
            String name = key.substring(0, key.indexOf('{'));
            if (NOT_COVERED.contains(name)) {
                continue;
            }
            StringBuilder labels = new StringBuilder();
            for (String pair : key.substring(key.indexOf('{') + 1, key.length() - 1).split("\", ")) {
                if (!pair.isEmpty()) {
                    labels.append(pair, 0, pair.indexOf('=')).append(',');
                }
            }
            out.add(name + "[" + labels + "]");
        }
        return out;
    }
}
