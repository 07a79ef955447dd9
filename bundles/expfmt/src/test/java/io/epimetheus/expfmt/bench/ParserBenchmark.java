package io.epimetheus.expfmt.bench;

import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ExpositionParser.Entry;
import io.epimetheus.expfmt.NodeExporterBody;
import io.epimetheus.expfmt.ParseOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parsers on a node_exporter-like body of 3,231 series (237 KB of text; the same metrics
 * encoded as protobuf {@code MetricFamily} messages for {@code PROTOBUF}).
 * {@code cacheHits} is a scrape whose every series is already in the scrape cache: the series
 * bytes are hashed and value and timestamp read, no labels built. {@code cacheMisses} builds every
 * label set, as a first scrape does. The {@code bytes} counter gives the throughput in bytes/s.
 *
 * <p>Run: {@code java -cp "$(cat cp.txt):target/test-classes:target/classes" org.openjdk.jmh.Main
 * ParserBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {

    @Param({"PROMETHEUS_TEXT", "OPENMETRICS", "PROTOBUF"})
    public ExpositionFormat format;

    private byte[] body;
    private ExpositionParser parser;
    private final LabelsBuilder builder = new LabelsBuilder();

    /** Bytes parsed, reported by JMH as a rate next to the operations. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        public long bytes;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
        }
    }

    @Setup
    public void setUp() {
        body = NodeExporterBody.build(format, 160);
        parser = format.newParser(ParseOptions.DEFAULT);
    }

    @Benchmark
    public long cacheHits(Throughput t) throws ExpositionParseException {
        ExpositionParser p = parser.reset(body, body.length);
        long acc = 0;
        for (Entry e = p.next(); e != Entry.END; e = p.next()) {
            if (e == Entry.SERIES) {
                acc += p.seriesHash() + Double.doubleToRawLongBits(p.value()) + (p.hasTimestamp() ? p.timestamp() : 0);
            }
        }
        t.bytes += body.length;
        return acc;
    }

    @Benchmark
    public long cacheMisses(Throughput t) throws ExpositionParseException {
        ExpositionParser p = parser.reset(body, body.length);
        long acc = 0;
        for (Entry e = p.next(); e != Entry.END; e = p.next()) {
            if (e == Entry.SERIES) {
                p.labels(builder);
                acc += builder.build().hash() + Double.doubleToRawLongBits(p.value());
            }
        }
        t.bytes += body.length;
        return acc;
    }
}
