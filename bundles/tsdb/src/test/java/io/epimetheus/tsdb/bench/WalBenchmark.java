package io.epimetheus.tsdb.bench;

import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.WalWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Encoding and logging samples records of 1000 samples, with and without Snappy. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WalBenchmark {

    private static final int N = 1000;

    @Param({"false", "true"})
    public boolean compress;

    private Path dir;
    private WalWriter w;
    private final EncBuf buf = new EncBuf(32 * N);
    private final int[] refs = new int[N];
    private final long[] ts = new long[N];
    private final double[] vs = new double[N];
    private long t = 1_700_000_000_000L;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("wal-bench");
        w = new WalWriter(dir, 128L << 20, compress, false);
        for (int i = 0; i < N; i++) {
            refs[i] = i + 1;
            vs[i] = i * 1.5;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        w.close();
        FileUtil.deleteRecursively(dir);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void logSamples() throws IOException {
        t += 15_000;
        java.util.Arrays.fill(ts, t);
        buf.reset();
        Records.samples(buf, refs, ts, vs, N);
        w.log(buf.array(), buf.len());
    }
}
