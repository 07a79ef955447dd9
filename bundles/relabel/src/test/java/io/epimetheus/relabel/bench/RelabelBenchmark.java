package io.epimetheus.relabel.bench;

import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelAction;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.relabel.Relabeler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Relabeling: a Kubernetes-style target relabeling chain (keep on an annotation, address
 * rewrite, labelmap, replaces) on a discovered target, and metric relabeling rules that keep a
 * series unchanged (the common case: a drop rule that does not match) or drop it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RelabelBenchmark {

    private static final NameValidationScheme UTF8 = NameValidationScheme.UTF8;

    private Relabeler targetRules;
    private Relabeler metricRules;
    private Labels target;
    private Labels kept;
    private Labels dropped;
    private final LabelsBuilder scratch = new LabelsBuilder();

    private static RelabelConfig rule(RelabelAction a, List<String> src, String regex, String target, String repl) {
        return new RelabelConfig(src, ";", regex, 0, target, repl, a, UTF8);
    }

    @Setup
    public void setup() {
        targetRules = Relabeler.compile(List.of(
                rule(RelabelAction.KEEP, List.of("__meta_kubernetes_pod_annotation_prometheus_io_scrape"), "true", "", "$1"),
                rule(RelabelAction.REPLACE, List.of("__meta_kubernetes_pod_annotation_prometheus_io_path"), "(.+)",
                        "__metrics_path__", "$1"),
                rule(RelabelAction.REPLACE, List.of("__address__", "__meta_kubernetes_pod_annotation_prometheus_io_port"),
                        "([^:]+)(?::\\d+)?;(\\d+)", "__address__", "$1:$2"),
                rule(RelabelAction.LABELMAP, List.of(), "__meta_kubernetes_pod_label_(.+)", "", "$1"),
                rule(RelabelAction.REPLACE, List.of("__meta_kubernetes_namespace"), "(.*)", "namespace", "$1"),
                rule(RelabelAction.REPLACE, List.of("__meta_kubernetes_pod_name"), "(.*)", "pod", "$1")));
        target = Labels.of("__address__", "10.1.2.3:8080", "__meta_kubernetes_namespace", "shop",
                "__meta_kubernetes_pod_name", "cart-7d9f8", "__meta_kubernetes_pod_label_app", "cart",
                "__meta_kubernetes_pod_label_team", "checkout", "__meta_kubernetes_pod_annotation_prometheus_io_scrape", "true",
                "__meta_kubernetes_pod_annotation_prometheus_io_port", "9102",
                "__meta_kubernetes_pod_annotation_prometheus_io_path", "/metrics", "__scheme__", "http",
                "__metrics_path__", "/metrics", "job", "kubernetes-pods");
        metricRules = Relabeler.compile(List.of(
                rule(RelabelAction.DROP, List.of("__name__"), "go_gc_duration_seconds.*|go_memstats_.*", "", "$1"),
                rule(RelabelAction.LABELDROP, List.of(), "pod_template_hash", "", "$1")));
        kept = Labels.of("__name__", "http_requests_total", "code", "200", "method", "get", "job", "api",
                "instance", "10.1.2.3:8080");
        dropped = Labels.of("__name__", "go_memstats_alloc_bytes", "job", "api", "instance", "10.1.2.3:8080");
    }

    @Benchmark
    public Labels targetRelabeling() {
        return targetRules.process(target, scratch);
    }

    @Benchmark
    public Labels metricRelabelingKeep() {
        return metricRules.process(kept, scratch);
    }

    @Benchmark
    public Labels metricRelabelingDrop() {
        return metricRules.process(dropped, scratch);
    }
}
