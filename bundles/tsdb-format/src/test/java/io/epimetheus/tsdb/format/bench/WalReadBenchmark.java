package io.epimetheus.tsdb.format.bench;

import io.epimetheus.tsdb.format.encoding.DecBuf;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.SegmentReader;
import io.epimetheus.tsdb.format.wal.WalDir;
import io.epimetheus.tsdb.format.wal.WalFormat;
import io.epimetheus.tsdb.format.wal.WalReader;
import io.epimetheus.tsdb.format.wal.WalWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

/**
 * Reading a WAL of 2000 samples records (1000 samples each, 2M samples in all) back: replaying the
 * segments ({@link WalReader}, as the TSDB at start) and following one segment to its end ({@link
 * SegmentReader} as the remote-write sender), with the samples decoded. Per sample; run with {@code
 * -prof gc} to see that reading allocates nothing once warm.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WalReadBenchmark {

    private static final int RECORDS = 2000;
    private static final int N = 1000;

    @Param({"false", "true"})
    public boolean compress;

    private Path dir;
    private List<Path> files;
    private final DecBuf dec = new DecBuf();
    private final Records.SampleConsumer sum = this::add;
    private double total;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("wal-read-bench");
        EncBuf buf = new EncBuf(32 * N);
        int[] refs = new int[N];
        long[] ts = new long[N];
        double[] vs = new double[N];
        try (WalWriter w = new WalWriter(dir, 1L << 30, compress, false)) {
            for (int r = 0; r < RECORDS; r++) {
                for (int i = 0; i < N; i++) {
                    refs[i] = i + 1;
                    ts[i] = 1_700_000_000_000L + r * 15_000L;
                    vs[i] = r * 0.5 + i;
                }
                buf.reset();
                Records.samples(buf, refs, ts, vs, N);
                w.log(buf.array(), buf.len());
            }
        }
        files = WalDir.replayFiles(dir);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void add(long ref, long t, double v) {
        total += v;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS * N)
    public double replay() throws IOException {
        total = 0;
        try (WalReader r = new WalReader(files)) {
            while (r.next()) {
                Records.decodeSamples(r.record(), r.length(), dec, sum);
            }
        }
        return total;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS * N)
    public double tail() throws IOException {
        total = 0;
        try (SegmentReader r = new SegmentReader(dir.resolve(WalFormat.segmentName(0)))) {
            while (r.next(false)) {
                Records.decodeSamples(r.record(), r.length(), dec, sum);
            }
        }
        return total;
    }
}
