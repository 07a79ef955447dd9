package io.epimetheus.scrape.bench;

import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelAction;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.ScrapeLimits;
import io.epimetheus.api.config.ScrapeProtocol;
import io.epimetheus.api.model.Labels;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.scrape.http.TargetConnection;
import io.epimetheus.scrape.loop.LoopOptions;
import io.epimetheus.scrape.loop.ScrapeLoop;
import io.epimetheus.scrape.loop.ScrapeMetrics;
import io.epimetheus.scrape.target.ScrapeTarget;
import io.epimetheus.scrape.target.TargetBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scrape path after the fetch: parse a node-exporter-like body of {@code series} lines, find
 * each line in the scrape cache, append it, write the report series and check staleness. The body
 * changes only in its values between scrapes, as real targets do, so this is the steady state.
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} divided by {@code series} is the
 * allocation per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ScrapeAppendBenchmark {

    @Param({"1000"})
    int series;

    @Param({"text", "openmetrics"})
    String format;

    @Param({"false", "true"})
    boolean metricRelabel;

    private ScrapeLoop loop;
    private byte[][] bodies;
    private ExpositionFormat fmt;
    private long timestamp = 1_700_000_000_000L;
    private int next;

    @Setup
    public void setup() {
        List<RelabelConfig> rules = metricRelabel
                ? List.of(new RelabelConfig(List.of("__name__"), ";", "go_gc_.*|process_.*", 0, "", "$1",
                        RelabelAction.DROP, NameValidationScheme.UTF8))
                : List.of();
        ScrapeConfig c = new ScrapeConfig("node", false, true, false, Map.of(), Duration.ofSeconds(15),
                Duration.ofSeconds(10), ScrapeProtocol.DEFAULT, null, false, false, false, false, "", "/metrics", "http",
                true, ScrapeLimits.NONE, 0, 0, NameValidationScheme.UTF8, "allow-utf-8", HttpClientConfig.DEFAULT,
                List.of(), rules, List.of());
        TargetBuilder.Result r = new TargetBuilder(c, Relabeler.NONE).build(Labels.of("__address__", "host:9100"), Labels.EMPTY);
        ScrapeTarget target = new ScrapeTarget("node", r.labels(), r.discovered(), Map.of());
        NullStorage storage = new NullStorage();
        loop = new ScrapeLoop(target, LoopOptions.of(c), new TargetConnection(new HttpClient(c.httpClient())),
                () -> storage, new ScrapeMetrics(), null);
        fmt = format.equals("text") ? ExpositionFormat.PROMETHEUS_TEXT : ExpositionFormat.OPENMETRICS;
        bodies = new byte[][] {body(series, 1), body(series, 2)};
    }

    /** A body shaped like node_exporter's: families of counters and gauges with a few labels each. */
    private byte[] body(int n, int generation) {
        StringBuilder sb = new StringBuilder(n * 64);
        int perFamily = 20;
        for (int f = 0; f * perFamily < n; f++) {
            String name = "node_metric_family_" + f + "_total";
            sb.append("# HELP ").append(name).append(" Help text of family ").append(f).append(".\n");
            sb.append("# TYPE ").append(name).append(fmt == ExpositionFormat.OPENMETRICS ? " unknown\n" : " counter\n");
            for (int i = 0; i < perFamily && f * perFamily + i < n; i++) {
                sb.append(name).append("{cpu=\"").append(i).append("\",mode=\"user\"} ")
                        .append(12345.25 * generation + i).append('\n');
            }
        }
        if (fmt == ExpositionFormat.OPENMETRICS) {
            sb.append("# EOF\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public void scrape() {
        byte[] body = bodies[next ^= 1];
        timestamp += 15_000;
        loop.ingest(body, body.length, fmt, null, body.length, timestamp, System.nanoTime());
    }

    @TearDown
    public void close() {
        loop.close();
    }
}
