package io.epimetheus.tsdb;

import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.tsdb.head.Head;
import io.epimetheus.tsdb.head.HeadQuerier;
import io.epimetheus.tsdb.head.WalReplay;
import io.epimetheus.tsdb.wal.WalCorruptionException;
import io.epimetheus.tsdb.wal.WalDir;
import io.epimetheus.tsdb.wal.WalReader;
import io.epimetheus.tsdb.wal.WalWriter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A database in one data directory: the head with its WAL, and (see {@link Blocks}) the
 * persisted blocks. Opening takes the directory lock, replays the WAL (repairing a torn or
 * corrupt tail) and starts a new WAL segment; closing flushes and releases everything.
 */
public final class Db implements Storage, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Db.class.getName());

    private final TsdbOptions opts;
    private final DirLock lock;
    private final Head head;
    private final Path walDir;
    private final ReplayStatus replay;
    private volatile boolean closed;

    private Db(TsdbOptions opts, DirLock lock, Head head, Path walDir, ReplayStatus replay) {
        this.opts = opts;
        this.lock = lock;
        this.head = head;
        this.walDir = walDir;
        this.replay = replay;
    }

    /** Opens (creating if needed) the database in {@code opts.dir()}. */
    public static Db open(TsdbOptions opts) throws IOException {
        Path dir = opts.dir();
        Files.createDirectories(dir);
        DirLock lock = DirLock.acquire(dir);
        try {
            Head head = new Head(opts.minBlockDuration(), null);
            Path walDir = dir.resolve("wal");
            Files.createDirectories(walDir);
            ReplayStatus status = replayWal(head, walDir);
            WalWriter w = new WalWriter(walDir, opts.walSegmentSize(), opts.walCompression(), opts.walSyncEveryCommit());
            head.swapWal(w);
            return new Db(opts, lock, head, walDir, status);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Replays checkpoint and segments; a corrupt record cuts the WAL there and replay ends. */
    private static ReplayStatus replayWal(Head head, Path walDir) throws IOException {
        long start = System.nanoTime();
        List<Path> files = WalDir.replayFiles(walDir);
        WalReplay r = new WalReplay(head);
        long dropped = 0;
        String corruption = null;
        try (WalReader reader = new WalReader(files)) {
            r.replay(reader);
        } catch (WalCorruptionException e) {
            corruption = e.getMessage();
            dropped = WalDir.repair(e.segment(), e.offset());
            LOG.log(Level.WARNING, "WAL repaired: " + e.getMessage() + "; dropped " + dropped
                    + " bytes from the damaged record on (" + r.result().records + " records before it replayed)");
        }
        WalReplay.Result res = r.result();
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.log(Level.INFO, "WAL replay completed: " + files.size() + " segments, " + res.series + " series, "
                + res.samples + " samples, " + res.tombstones + " tombstones in " + millis + "ms");
        return new ReplayStatus(files.size(), res.records, res.series, res.samples, res.skippedUnknownSeries,
                millis, corruption, dropped);
    }

    /** How the WAL replay at open went. */
    public record ReplayStatus(int segments, long records, long series, long samples, long unknownSeriesSamples,
            long durationMillis, String corruption, long bytesDropped) {
    }

    public ReplayStatus replayStatus() {
        return replay;
    }

    public TsdbOptions options() {
        return opts;
    }

    public Head head() {
        return head;
    }

    public Path walDir() {
        return walDir;
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException("storage is closed", true);
        }
    }

    @Override
    public Appender appender() {
        checkOpen();
        return head.appender();
    }

    @Override
    public Querier querier(long mint, long maxt) {
        checkOpen();
        return new HeadQuerier(head, mint, maxt);
    }

    @Override
    public long minTime() {
        return head.minTime();
    }

    /** Closes the WAL (syncing it) and releases the directory lock. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        head.close();
        try {
            WalWriter w = head.swapWal(null);
            if (w != null) {
                w.close();
            }
        } finally {
            lock.close();
        }
    }
}
