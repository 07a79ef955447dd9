package io.epimetheus.api.bench;

import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.regex.Re2;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Label matchers over 1,000 realistic label values (jobs, pods, instances, metric names): the
 * matcher with its shape fast paths against the anchored regex alone, per shape, plus the cost of
 * building a matcher. Each operation is one pass over all values.
 *
 * <p>Run with {@code tools/bench bundles/api MatcherBenchmark}, or JMH's {@code Main} on the test class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatcherBenchmark {

    /** A literal set, a prefix, and a general expression as found in dashboards. */
    @Param({"api-server|node-exporter|kube-state-metrics|cadvisor", "node_cpu.*", "(prod|staging)-[a-z]+-\\d+:9100"})
    public String regex;

    private String[] values;
    private Matcher matcher;
    private Pattern pattern;

    @Setup
    public void setup() {
        Random r = new Random(1);
        String[] jobs = {"api-server", "node-exporter", "kube-state-metrics", "cadvisor", "prometheus", "alertmanager", "grafana"};
        String[] metrics = {"node_cpu_seconds_total", "node_memory_MemFree_bytes", "http_requests_total", "go_goroutines",
            "process_resident_memory_bytes", "node_cpu_guest_seconds_total", "up"};
        String[] envs = {"prod", "staging", "dev"};
        String[] regions = {"eu", "us", "ap"};
        values = new String[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 4) {
                case 0 -> jobs[r.nextInt(jobs.length)];
                case 1 -> metrics[r.nextInt(metrics.length)];
                case 2 -> envs[r.nextInt(envs.length)] + "-" + regions[r.nextInt(regions.length)] + "-" + r.nextInt(40) + ":9100";
                default -> "pod-" + Long.toHexString(r.nextLong()).substring(0, 10) + "-" + r.nextInt(100);
            };
        }
        matcher = Matcher.regex("l", regex);
        pattern = Re2.compileAnchored(regex);
    }

    @Benchmark
    public int matcher() {
        int n = 0;
        for (String v : values) {
            if (matcher.matches(v)) {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public int regexOnly() {
        int n = 0;
        for (String v : values) {
            if (pattern.matcher(v).matches()) {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Matcher build() {
        return Matcher.regex("l", regex);
    }
}
