package io.epimetheus.tsdb.bench;

import io.epimetheus.tsdb.format.chunk.XorChunk;
import io.epimetheus.tsdb.format.chunk.XorIterator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** XOR chunk encoding and decoding of 120 realistic samples (15s scrapes, slowly moving gauge). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkBenchmark {

    private static final int N = 120;

    private final long[] ts = new long[N];
    private final double[] vs = new double[N];
    private final XorChunk chunk = new XorChunk(1024);
    private final XorIterator it = new XorIterator();
    private byte[] encoded;

    @Setup
    public void setup() {
        Random r = new Random(1);
        long t = 1_700_000_000_000L;
        double v = 100;
        for (int i = 0; i < N; i++) {
            t += 15_000 + (r.nextInt(10) == 0 ? r.nextInt(20) - 10 : 0);
            v += r.nextInt(4) == 0 ? r.nextInt(100) / 10.0 : 0;
            ts[i] = t;
            vs[i] = v;
        }
        XorChunk c = new XorChunk();
        for (int i = 0; i < N; i++) {
            c.append(ts[i], vs[i]);
        }
        encoded = c.toBytes();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int encode() {
        chunk.reset();
        for (int i = 0; i < N; i++) {
            chunk.append(ts[i], vs[i]);
        }
        return chunk.byteLength();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double decode() {
        it.reset(encoded, 0, encoded.length);
        double sum = 0;
        while (it.next()) {
            sum += it.v() + it.t();
        }
        return sum;
    }
}
