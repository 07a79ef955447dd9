package io.epimetheus.remote.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.MetadataConfig;
import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.QueueConfig;
import io.epimetheus.api.config.RelabelAction;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.remote.testing.DirectoryWal;
import io.epimetheus.remote.testing.ReceiverHarness;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.WalWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender end to end: samples written to a WAL in the TSDB's format reach a receiver, with
 * external labels and write relabeling applied, across a receiver outage, segment cuts and the WAL
 * service going away and coming back.
 */
class QueueManagerTest {

    @TempDir
    Path dir;

    static RemoteWriteConfig config(String url, List<RelabelConfig> relabel, boolean v2) {
        QueueConfig q = new QueueConfig(500, 4, 1, 100, Duration.ofMillis(50), Duration.ofMillis(10),
                Duration.ofMillis(100), false, Duration.ZERO);
        return new RemoteWriteConfig(url, Duration.ofSeconds(5), Map.of(), relabel, "test", false, false, false,
                v2 ? RemoteWriteConfig.MESSAGE_V2 : RemoteWriteConfig.MESSAGE_V1, false, HttpClientConfig.DEFAULT, q,
                MetadataConfig.DEFAULT, Map.of(), Map.of(), Map.of());
    }

    private static void logSeries(WalWriter w, long ref, Labels l) throws Exception {
        EncBuf b = new EncBuf(256);
        Records.startSeries(b);
        Records.addSeries(b, ref, l);
        w.log(b.array(), b.len());
    }

    private static void logSamples(WalWriter w, int[] refs, long[] ts, double[] vs, int n) throws Exception {
        EncBuf b = new EncBuf(1024);
        Records.samples(b, refs, ts, vs, n);
        w.log(b.array(), b.len());
    }

    private void run(boolean v2) throws Exception {
        Path wal = dir.resolve("wal");
        Files.createDirectories(wal);
        RelabelConfig dropSecret = new RelabelConfig(List.of("__name__"), ";", "secret_.*", 0, "", "$1",
                RelabelAction.DROP, NameValidationScheme.UTF8);
        try (ReceiverHarness rx = new ReceiverHarness(Labels.EMPTY)) {
            long start = System.currentTimeMillis() - 1000;
            WalWriter w = new WalWriter(wal, 1 << 20, true, false);
            Labels a = Labels.of("__name__", "a", "job", "j");
            Labels b = Labels.of("__name__", "b", "job", "j", "cluster", "own");
            Labels secret = Labels.of("__name__", "secret_x");
            logSeries(w, 1, a);
            logSeries(w, 2, b);
            logSeries(w, 3, secret);
            // An old sample from before the sender started is not sent (Prometheus's semantics).
            logSamples(w, new int[] {1}, new long[] {start - 60_000}, new double[] {-1}, 1);

            QueueManager qm = new QueueManager("test", config(rx.url("/api/v1/write"), List.of(dropSecret), v2),
                    Labels.of("cluster", "eu"), Relabeler.compile(List.of(dropSecret)), start);
            qm.start();
            qm.follow(new DirectoryWal(wal));
            int total = 3000;
            int[] refs = new int[3];
            long[] ts = new long[3];
            double[] vs = new double[3];
            for (int i = 0; i < total; i++) {
                long t = start + i;
                refs[0] = 1;
                refs[1] = 2;
                refs[2] = 3;
                ts[0] = t;
                ts[1] = t;
                ts[2] = t;
                vs[0] = i;
                vs[1] = -i;
                vs[2] = 7;
                logSamples(w, refs, ts, vs, 3);
                if (i == 1000) {
                    rx.down = true; // outage: everything in between must still arrive
                }
                if (i == 2000) {
                    Thread.sleep(500);
                    rx.down = false;
                }
                if (i == 1500) {
                    w.close(); // cut a segment
                    w = new WalWriter(wal, 1 << 20, true, false);
                }
            }
            w.close();
            Labels sentA = Labels.of("__name__", "a", "job", "j", "cluster", "eu");
            long deadline = System.currentTimeMillis() + 20_000;
            while (rx.storage.samples(sentA).size() < total || rx.storage.samples(b).size() < total) {
                assertTrue(System.currentTimeMillis() < deadline, "timed out; got " + rx.storage.samples(sentA).size()
                        + " and " + rx.storage.samples(b).size());
                Thread.sleep(50);
            }
            qm.stop(1000);
            List<String> expectA = new ArrayList<>();
            List<String> expectB = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                expectA.add((start + i) + "=" + (double) i);
                expectB.add((start + i) + "=" + (double) -i);
            }
            assertEquals(expectA, rx.storage.samples(sentA));
            assertEquals(expectB, rx.storage.samples(b), "the series' own cluster label wins over the external one");
            assertEquals(2, rx.storage.seriesCount(), "secret_x is dropped by write_relabel_configs");
            assertTrue(rx.rejectedWhileDown.get() > 0, "the outage was seen");
            assertTrue(qm.metrics.samplesRetried.sum() > 0);
            assertEquals(0, qm.metrics.samplesFailed.sum());
            assertEquals(2L * total, qm.metrics.samplesSent.sum());
            assertEquals(total + 0L, qm.metrics.samplesDropped.sum());
        }
    }

    @Test
    void aWalThatGoesAwayAndComesBackIsResumedWithoutLossOrRepeats() throws Exception {
        Path wal = Files.createDirectories(dir.resolve("wal"));
        try (ReceiverHarness rx = new ReceiverHarness(Labels.EMPTY)) {
            long start = System.currentTimeMillis() - 10_000;
            Labels a = Labels.of("__name__", "a", "job", "j");
            QueueManager qm = new QueueManager("swap", config(rx.url("/api/v1/write"), List.of(), false), Labels.EMPTY,
                    Relabeler.NONE, start);
            qm.start();
            DirectoryWal first = new DirectoryWal(wal);
            qm.follow(first);
            assertTrue(qm.following());
            List<String> expect = new ArrayList<>();
            WalWriter w = new WalWriter(wal, 1 << 20, true, false);
            logSeries(w, 1, a);
            for (int i = 0; i < 1000; i++) {
                logSamples(w, new int[] {1}, new long[] {start + i}, new double[] {i}, 1);
                expect.add((start + i) + "=" + (double) i);
            }
            awaitSamples(rx, a, 1000);
            assertEquals(1, first.holds().size(), "the follower holds the WAL");

            // The database goes away (a restart for a new configuration) with records still unread.
            qm.unfollow();
            assertFalse(qm.following());
            assertEquals(0, first.holds().size(), "the hold is released");
            for (int i = 1000; i < 1500; i++) {
                logSamples(w, new int[] {1}, new long[] {start + i}, new double[] {i}, 1);
                expect.add((start + i) + "=" + (double) i);
            }
            w.close();
            Thread.sleep(300);
            assertEquals(1000, rx.storage.samples(a).size(), "nothing is read while no WAL is followed");

            // It comes back and writes a new segment, as a reopened database does.
            w = new WalWriter(wal, 1 << 20, true, false);
            for (int i = 1500; i < 2000; i++) {
                logSamples(w, new int[] {1}, new long[] {start + i}, new double[] {i}, 1);
                expect.add((start + i) + "=" + (double) i);
            }
            w.close();
            qm.follow(new DirectoryWal(wal));
            awaitSamples(rx, a, 2000);
            qm.stop(1000);
            assertEquals(expect, rx.storage.samples(a));
        }
    }

    private static void awaitSamples(ReceiverHarness rx, Labels l, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (rx.storage.samples(l).size() < n) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out with " + rx.storage.samples(l).size()
                    + " of " + n + " samples");
            Thread.sleep(20);
        }
    }

    @Test
    void shardCountFollowsThroughput() {
        // 10 ms per 2000-sample request = 5 us per sample; 100k samples/s need 0.5 s of sending per second.
        assertEquals(1, QueueManager.desiredShards(5_000, 100_000, 0, 1, 50));
        // 1M samples/s need 5 shards; a backlog of 2M adds 100k/s of catch-up work.
        assertEquals(5, QueueManager.desiredShards(5_000, 1_000_000, 0, 1, 50));
        assertEquals(6, QueueManager.desiredShards(5_000, 1_000_000, 2_000_000, 1, 50));
        // Clamped to min_shards and max_shards.
        assertEquals(3, QueueManager.desiredShards(5_000, 10, 0, 3, 50));
        assertEquals(50, QueueManager.desiredShards(1_000_000, 1_000_000, 0, 1, 50));
        // Small changes are not worth draining the shards.
        assertTrue(!QueueManager.shouldReshard(10, 12));
        assertTrue(QueueManager.shouldReshard(10, 14));
        assertTrue(QueueManager.shouldReshard(1, 2));
    }

    @Test
    void sendsEverythingInTheWalAcrossAnOutageV1() throws Exception {
        run(false);
    }

    @Test
    void sendsEverythingInTheWalAcrossAnOutageV2() throws Exception {
        run(true);
    }
}
