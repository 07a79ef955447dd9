package io.epimetheus.remote.send;

import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.remote.testing.DirectoryWal;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.WalWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A WAL written in the TSDB's format and a queue sending it, for tests against real receivers. */
public final class SenderHarness implements AutoCloseable {

    private final WalWriter wal;
    private final QueueManager queue;
    private final EncBuf buf = new EncBuf(1024);

    public SenderHarness(Path walDir, String url, Labels external, long startMillis) throws Exception {
        this(walDir, QueueManagerTest.config(url, List.of(), false), external, startMillis);
    }

    /** A queue sending with {@code cfg} (its URL, HTTP client settings, queue settings). */
    public SenderHarness(Path walDir, RemoteWriteConfig cfg, Labels external, long startMillis) throws Exception {
        Files.createDirectories(walDir);
        wal = new WalWriter(walDir, 1 << 20, true, false);
        queue = new QueueManager("interop", cfg, external, Relabeler.NONE, startMillis);
        queue.start();
        queue.follow(new DirectoryWal(walDir));
    }

    public void series(long ref, Labels labels) throws Exception {
        buf.reset();
        Records.startSeries(buf);
        Records.addSeries(buf, ref, labels);
        wal.log(buf.array(), buf.len());
    }

    public void sample(long ref, long t, double v) throws Exception {
        buf.reset();
        Records.samples(buf, new int[] {(int) ref}, new long[] {t}, new double[] {v}, 1);
        wal.log(buf.array(), buf.len());
    }

    /** Waits until {@code n} samples were acknowledged by the receiver. */
    public void awaitSent(long n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (queue.metrics.samplesSent.sum() < n) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("sent " + queue.metrics.samplesSent.sum() + " of " + n + "; failed "
                        + queue.metrics.samplesFailed.sum());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        queue.stop(5000);
        wal.close();
    }
}
