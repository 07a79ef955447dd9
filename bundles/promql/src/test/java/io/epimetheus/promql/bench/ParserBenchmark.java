package io.epimetheus.promql.bench;

import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.parse.Parser;
import io.epimetheus.promql.parse.ParserOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing (lexing, parsing and type checking) of typical queries, from a bare selector to a long
 * recording-rule expression.
 *
 * <p>Run with {@code tools/bench bundles/promql ParserBenchmark}, or JMH's {@code Main} on the test class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserBenchmark {

    @Param({
        "up",
        "sum by (job) (rate(http_requests_total{job=~\"api|web\", code!=\"200\"}[5m]))",
        "histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket{job=\"api\"}[5m])))",
        "(sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5m])) / on (instance) group_left (nodename) "
                + "node_uname_info) * 100 > 80 and on (instance) max_over_time(up[10m:1m] offset 1h) == 1",
    })
    public String query;

    @Benchmark
    public Expr parse() {
        return Parser.parseExpr(query, ParserOptions.DEFAULTS);
    }
}
