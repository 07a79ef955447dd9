package io.epimetheus.exporters.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.exporters.ExpositionLines;
import io.epimetheus.exporters.RecordingSink;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Metrics an application registers with the Prometheus Java client 1.x come out of the bridge as
 * the client's own text exposition has them.
 */
class PrometheusClientBridgeTest {

    @Test
    void everyMetricTypeMatchesTheClientsOwnExposition() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter requests = Counter.builder().name("app_requests_total").help("Requests.").labelNames("path").register(registry);
        requests.labelValues("/a").inc(3);
        requests.labelValues("/b").inc();
        Gauge.builder().name("app_queue_size").help("Queue size.").register(registry).set(42);
        Histogram latency = Histogram.builder().name("app_latency_seconds").help("Latency.")
                .classicOnly().classicUpperBounds(0.1, 1, 10).register(registry);
        latency.observe(0.05);
        latency.observe(5);
        Summary size = Summary.builder().name("app_size_bytes").help("Sizes.").quantile(0.5, 0.01).register(registry);
        size.observe(100);
        Info.builder().name("app_build_info").help("Build.").labelNames("version").register(registry).addLabelValues("1.2");
        StateSet.builder().name("app_feature").help("Features.").states("a", "b").register(registry).setTrue("a");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        Map<String, Double> expected = normalize(ExpositionLines.samples(out.toString(StandardCharsets.UTF_8)));

        RecordingSink sink = new RecordingSink();
        PrometheusClientBridge.write(registry, sink, new HashSet<>());
        Map<String, Double> ours = new TreeMap<>(sink.samples());
        ours.keySet().removeIf(k -> k.contains("_created{"));
        expected.keySet().removeIf(k -> k.contains("_created{"));
        assertEquals(new TreeMap<>(expected), ours);
        assertEquals("Requests.", sink.family("app_requests").help());
    }

    /** The client writes le="1.0"; Prometheus (and we) normalize float label values to Go's form. */
    private static Map<String, Double> normalize(Map<String, Double> samples) {
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String k = e.getKey();
            for (String label : new String[] {"le=\"", "quantile=\""}) {
                int i = k.indexOf(label);
                if (i >= 0) {
                    int s = i + label.length();
                    int end = k.indexOf('"', s);
                    String v = k.substring(s, end);
                    String norm = v.equals("+Inf") ? v : FloatFormat.formatG(Double.parseDouble(v));
                    k = k.substring(0, s) + norm + k.substring(end);
                }
            }
            out.put(k, e.getValue());
        }
        return out;
    }
}
