package io.epimetheus.tsdb.bench;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.tsdb.chunks.HeadChunkFiles;
import io.epimetheus.tsdb.format.wal.WalWriter;
import io.epimetheus.tsdb.head.Head;
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

/**
 * Head appends as a scrape does them: one batch per scrape of {@value #SERIES} series with
 * node-exporter-like label sets, appended by cached reference and committed (with the WAL, Snappy
 * compressed, when {@code wal} is true), full chunks written to memory-mapped head chunk files.
 * Throughput is samples per second on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class HeadAppendBenchmark {

    static final int SERIES = 10_000;

    @Param({"false", "true"})
    public boolean wal;

    private Path dir;
    private WalWriter writer;
    private Head head;
    private HeadChunkFiles chunkFiles;
    private Labels[] labels;
    private long[] refs;
    private long t;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("head-bench");
        writer = wal ? new WalWriter(dir, 128L << 20, true, false) : null;
        head = new Head(2 * 3_600_000L, writer);
        // Full chunks go to memory-mapped files, as in the database.
        chunkFiles = HeadChunkFiles.open(dir.resolve("chunks_head"), HeadChunkFiles.DEFAULT_FILE_SIZE,
                new java.util.ArrayList<>());
        head.useChunkFiles(chunkFiles);
        labels = new Labels[SERIES];
        refs = new long[SERIES];
        for (int i = 0; i < SERIES; i++) {
            labels[i] = Labels.of("__name__", "node_cpu_seconds_total", "cpu", Integer.toString(i % 64),
                    "mode", "user" + (i / 64) % 8, "instance", "host-" + (i / 512) + ".example.org:9100", "job", "node",
                    "env", "prod");
        }
        t = 1_700_000_000_000L;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (writer != null) {
            writer.close();
        }
        chunkFiles.close();
        io.epimetheus.tsdb.FileUtil.deleteRecursively(dir);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public void appendScrape() {
        t += 15_000;
        Appender app = head.appender();
        for (int i = 0; i < SERIES; i++) {
            refs[i] = app.append(refs[i], labels[i], t, i + t * 0.001);
        }
        app.commit();
    }
}
