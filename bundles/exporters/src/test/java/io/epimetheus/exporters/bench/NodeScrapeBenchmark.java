package io.epimetheus.exporters.bench;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.TestConfigs;
import io.epimetheus.exporters.node.NodeCollector;
import io.epimetheus.exporters.node.NodeConfig;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One full node scrape of this machine's /proc and /sys with every default collector, into a sink
 * that only consumes. Run with {@code -prof gc} to see the allocation per scrape. Compare with
 * node_exporter's own {@code node_scrape_collector_duration_seconds}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NodeScrapeBenchmark {

    private io.epimetheus.api.exporter.Collector collector;
    private BlackholeSink sink;

    @Setup
    public void setup(Blackhole bh) {
        collector = new NodeCollector(TestConfigs.of(NodeConfig.class, Map.of()));
        sink = new BlackholeSink(bh);
    }

    @Benchmark
    public void scrape() {
        collector.collect(sink);
    }

    /** Hands everything to the Blackhole so nothing is optimized away. */
    static final class BlackholeSink implements MetricSink {
        private final Blackhole bh;

        BlackholeSink(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void family(String name, MetricType type, String help, String unit) {
            bh.consume(name);
        }

        @Override
        public void sample(String sampleName, Labels labels, double value) {
            bh.consume(labels);
            bh.consume(value);
        }

        @Override
        public void sample(String sampleName, Labels labels, double value, long timestampMillis) {
            bh.consume(value);
        }
    }
}
