package io.epimetheus.promql.bench;

import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.promql.engine.EngineSettings;
import io.epimetheus.promql.engine.PromqlEngine;
import io.epimetheus.promql.testing.MemoryStorage;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Typical dashboard queries over {@link BenchData} (20,000 series, 3h at 15s): a range query over
 * the whole 3h at a 15s step (721 steps) and an instant query at the end. Storage is in memory, so
 * this measures the engine.
 *
 * <p>Run with {@code tools/bench bundles/promql EngineBenchmark}, or JMH's {@code Main} on the
 * test class path with {@code -jvmArgs -Xmx4g}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class EngineBenchmark {

    @Param({
        "sum by (job) (rate(x[5m]))",
        "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))",
        "topk(10, rate(x[5m]))",
        "sum(rate(x{instance=~\"host-1.*\", path!~\"/api/[0-4]\"}[5m]))",
        "max_over_time(sum by (job) (rate(x[5m]))[30m:1m])",
    })
    public String query;

    private MemoryStorage storage;
    private PromqlEngine engine;

    @Setup
    public void setup() throws IOException {
        storage = BenchData.load();
        engine = new PromqlEngine(EngineSettings.DEFAULTS);
    }

    @Benchmark
    public QueryResult rangeQuery() {
        return engine.rangeQuery(storage, query, BenchData.START, BenchData.END, 15_000, QueryOptions.DEFAULTS)
                .execute();
    }

    @Benchmark
    public QueryResult instantQuery() {
        return engine.instantQuery(storage, query, BenchData.END, QueryOptions.DEFAULTS).execute();
    }
}
