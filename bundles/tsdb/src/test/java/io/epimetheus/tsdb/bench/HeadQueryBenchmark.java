package io.epimetheus.tsdb.bench;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.chunks.HeadChunkFiles;
import io.epimetheus.tsdb.head.Head;
import io.epimetheus.tsdb.head.HeadQuerier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

/**
 * Querying the head as a range query does: select 1000 series and iterate their 480 samples (2h at
 * 15s: memory-mapped full chunks and the open one). With {@code appenderOpen}, an appender opened
 * before the last scrapes is still uncommitted, so every series still tracks which commits wrote
 * its newest samples and each reader has to check them. Throughput is samples per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class HeadQueryBenchmark {

    private static final int SERIES = 1000;
    private static final int SAMPLES = 480;
    private static final long STEP = 15_000;

    @Param({"false", "true"})
    public boolean appenderOpen;

    private Path dir;
    private Head head;
    private HeadChunkFiles chunkFiles;
    private Appender pending;
    private SampleIterator reuse;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("head-query-bench");
        head = new Head(2 * 3_600_000L, null);
        chunkFiles = HeadChunkFiles.open(dir.resolve("chunks_head"), HeadChunkFiles.DEFAULT_FILE_SIZE,
                new ArrayList<>());
        head.useChunkFiles(chunkFiles);
        long[] refs = new long[SERIES];
        Labels[] labels = new Labels[SERIES];
        for (int s = 0; s < SERIES; s++) {
            labels[s] = Labels.of("__name__", "m", "s", Integer.toString(s));
        }
        for (int i = 0; i < SAMPLES; i++) {
            if (appenderOpen && i == SAMPLES - 4) {
                pending = head.appender();
            }
            Appender app = head.appender();
            for (int s = 0; s < SERIES; s++) {
                refs[s] = app.append(refs[s], labels[s], i * STEP, s + i * 0.5);
            }
            app.commit();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (pending != null) {
            pending.rollback();
        }
        chunkFiles.close();
        FileUtil.deleteRecursively(dir);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES * SAMPLES)
    public double readHead() {
        double sum = 0;
        try (Querier q = new HeadQuerier(head, 0, SAMPLES * STEP)) {
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
