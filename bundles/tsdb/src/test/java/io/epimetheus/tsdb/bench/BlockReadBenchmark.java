package io.epimetheus.tsdb.bench;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.TsdbOptions;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a 2h block of 1000 series at a 15s interval (480 samples each): select and iterate
 * every sample; throughput is samples per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlockReadBenchmark {

    private static final int SERIES = 1000;
    private static final int SAMPLES = 480;

    private Path dir;
    private Db db;
    private SampleIterator reuse;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("block-bench");
        db = Db.open(TsdbOptions.defaults(dir));
        long[] refs = new long[SERIES];
        for (int i = 0; i < SAMPLES * 2; i++) {
            Appender app = db.appender();
            for (int s = 0; s < SERIES; s++) {
                refs[s] = app.append(refs[s], Labels.of("__name__", "m", "s", Integer.toString(s)), i * 15_000L,
                        s + i * 0.5);
            }
            app.commit();
        }
        db.compact();
        if (db.blocks().isEmpty()) {
            throw new IllegalStateException("no block was cut");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        FileUtil.deleteRecursively(dir);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES * SAMPLES)
    public double readBlock() {
        double sum = 0;
        try (Querier q = db.querier(0, 2 * 3_600_000L - 1)) {
            SeriesSet ss = q.select(false, null, Matcher.equal("__name__", "m"));
            while (ss.next()) {
                reuse = ss.iterator(reuse);
                while (reuse.next() == ValueType.FLOAT) {
                    sum += reuse.v();
                }
            }
        }
        return sum;
    }
}
