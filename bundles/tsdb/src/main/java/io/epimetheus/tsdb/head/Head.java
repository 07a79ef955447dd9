package io.epimetheus.tsdb.head;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.tsdb.chunks.HeadChunkFiles;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.WalWriter;
import io.epimetheus.tsdb.index.IndexReader;
import io.epimetheus.tsdb.index.MemPostings;
import io.epimetheus.tsdb.index.PostingsForMatchers;
import io.epimetheus.tsdb.tombstones.Intervals;
import io.epimetheus.tsdb.tombstones.Tombstones;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The in-memory head block: every series seen recently, their open and recent chunks, the
 * inverted index over them and the write-ahead log that makes appends durable. Appends go through
 * {@link HeadAppender}s; queries read through {@link HeadQuerier}s; the database cuts old data
 * into blocks and then {@link #truncate truncates} the head.
 */
public final class Head implements IndexReader {

    final long chunkRange;
    final long oooWindow;
    final SeriesMap series = new SeriesMap();
    final MemPostings postings = new MemPostings();
    final Tombstones tombstones = new Tombstones();
    final HeadStats stats = new HeadStats();
    final Isolation isolation = new Isolation(this::appendableMinValidTime);
    private final AtomicInteger lastRef = new AtomicInteger();
    private final AtomicLong minTime = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);
    private volatile long minValidTime = Long.MIN_VALUE;
    private volatile boolean anyTime;
    private volatile HeadChunkFiles chunkFiles;
    private volatile boolean closed;

    private final ReentrantLock walLock = new ReentrantLock();
    private WalWriter wal;
    private final EncBuf seriesRec = new EncBuf(4096);
    private MemSeries[] marking = new MemSeries[64];
    private final byte[][] recs = new byte[2][];
    private final int[] recLens = new int[2];

    final ConcurrentLinkedQueue<AppendBuffers> bufferPool = new ConcurrentLinkedQueue<>();

    /**
     * @param chunkRange the block range chunks are aligned to (the minimum block duration), ms
     * @param wal the log to write, or {@code null} for a head without durability
     */
    public Head(long chunkRange, WalWriter wal) {
        this(chunkRange, 0, wal);
    }

    /**
     * @param oooWindow how far behind the head's newest sample an out-of-order sample is still
     *     accepted, ms (0: out-of-order samples are rejected)
     */
    public Head(long chunkRange, long oooWindow, WalWriter wal) {
        if (chunkRange <= 0) {
            throw new IllegalArgumentException("chunk range must be positive, got " + chunkRange);
        }
        if (oooWindow < 0) {
            throw new IllegalArgumentException("out-of-order window must not be negative, got " + oooWindow);
        }
        this.chunkRange = chunkRange;
        this.oooWindow = oooWindow;
        this.wal = wal;
    }

    public long oooWindow() {
        return oooWindow;
    }

    /** Full chunks go to these memory-mapped files from now on (none: they stay on the heap). */
    public void useChunkFiles(HeadChunkFiles files) {
        this.chunkFiles = files;
    }

    HeadChunkFiles chunkFiles() {
        return chunkFiles;
    }

    /**
     * Whether a sample at {@code t} that cannot be appended in order may go to the out-of-order
     * buffer: the window is on and {@code t} is within it of the newest sample.
     */
    boolean oooAcceptable(long t) {
        long mt = maxTime.get();
        return oooWindow > 0 && (mt == Long.MIN_VALUE || t >= mt - oooWindow);
    }

    public HeadStats stats() {
        return stats;
    }

    public long chunkRange() {
        return chunkRange;
    }

    /** A new appender. */
    public Appender appender() {
        checkOpen();
        return new HeadAppender(this);
    }

    void checkOpen() {
        if (closed) {
            throw new StorageException("storage is closed", true);
        }
    }

    /** Marks the head closed: new and open appenders fail with a retryable error. */
    public void close() {
        closed = true;
    }

    /** Oldest sample time in the head, or {@code Long.MAX_VALUE} when empty. */
    public long minTime() {
        return minTime.get();
    }

    /** Newest sample time in the head, or {@code Long.MIN_VALUE} when empty. */
    public long maxTime() {
        return maxTime.get();
    }

    public boolean isEmpty() {
        return maxTime.get() == Long.MIN_VALUE;
    }

    /** Samples older than this are rejected as out of bounds. */
    long appendableMinValidTime() {
        if (anyTime) {
            return Long.MIN_VALUE;
        }
        long mt = maxTime.get();
        long fromMax = mt == Long.MIN_VALUE ? Long.MIN_VALUE : mt - chunkRange / 2;
        return Math.max(minValidTime, fromMax);
    }

    /**
     * Lifts the rule that samples may be at most half a chunk range older than the newest one,
     * for backfilling a head that is written out as blocks rather than serving live appends.
     */
    public void acceptAnyTime() {
        anyTime = true;
    }

    /** Samples before {@code t} are no longer accepted (they belong to persisted blocks). */
    public void setMinValidTime(long t) {
        minValidTime = t;
    }

    public long minValidTime() {
        return minValidTime;
    }

    /** Number of series in the head. */
    public int numSeries() {
        return series.size();
    }

    void updateTimes(long mint, long maxt) {
        long cur;
        while (mint < (cur = minTime.get()) && !minTime.compareAndSet(cur, mint)) {
            // retry
        }
        while (maxt > (cur = maxTime.get()) && !maxTime.compareAndSet(cur, maxt)) {
            // retry
        }
    }

    /** The series with these labels, created if new. */
    MemSeries getOrCreate(Labels labels) {
        MemSeries s = series.get(labels);
        if (s != null) {
            return s;
        }
        int ref = lastRef.incrementAndGet();
        if (ref <= 0) {
            throw new StorageException("series id space exhausted; restart to renumber", false);
        }
        MemSeries created = new MemSeries(ref, labels);
        s = series.putIfAbsent(created);
        if (s == created) {
            postings.add(ref, labels);
            stats.seriesCreated.increment();
        }
        return s;
    }

    /** Re-creates a series read from the WAL with its logged id; returns the series holding those labels. */
    MemSeries createForReplay(int ref, Labels labels) {
        MemSeries s = series.get(labels);
        if (s != null) {
            return s;
        }
        int cur;
        while (ref > (cur = lastRef.get()) && !lastRef.compareAndSet(cur, ref)) {
            // retry
        }
        MemSeries created = new MemSeries(ref, labels);
        created.logged = true;
        s = series.putIfAbsent(created);
        if (s == created) {
            postings.add(ref, labels);
            stats.seriesCreated.increment();
        }
        return s;
    }

    MemSeries byRef(int ref) {
        return series.get(ref);
    }

    /** The labels of a series by id, or {@code null}. */
    public Labels labelsOf(int ref) {
        MemSeries s = series.get(ref);
        return s == null ? null : s.labels;
    }

    /** Writes the series records still missing and the samples record of a commit. */
    void log(AppendBuffers b) {
        WalWriter w = wal;
        if (w == null) {
            return;
        }
        walLock.lock();
        try {
            seriesRec.reset();
            Records.startSeries(seriesRec);
            int nMarked = 0;
            for (int i = 0; i < b.n; i++) {
                MemSeries s = b.series[i];
                if (!s.logged) {
                    s.logged = true;
                    if (nMarked == marking.length) {
                        marking = Arrays.copyOf(marking, nMarked * 2);
                    }
                    marking[nMarked++] = s;
                    Records.addSeries(seriesRec, s.ref, s.labels);
                }
            }
            int nr = 0;
            if (nMarked > 0) {
                recs[nr] = seriesRec.array();
                recLens[nr++] = seriesRec.len();
            }
            recs[nr] = b.rec.array();
            recLens[nr++] = b.rec.len();
            try {
                w.log(recs, recLens, nr);
            } catch (IOException | RuntimeException e) {
                for (int i = 0; i < nMarked; i++) {
                    marking[i].logged = false;
                }
                stats.walWritesFailed.increment();
                throw new StorageException("writing the WAL failed, nothing of this batch was stored: " + e, true, e);
            } finally {
                Arrays.fill(marking, 0, nMarked, null);
            }
        } finally {
            walLock.unlock();
        }
    }

    /** Logs a raw record (tombstones) under the WAL lock. */
    void logRecord(EncBuf rec) {
        WalWriter w = wal;
        if (w == null) {
            return;
        }
        walLock.lock();
        try {
            w.log(rec.array(), rec.len());
        } catch (IOException e) {
            stats.walWritesFailed.increment();
            throw new StorageException("writing the WAL failed: " + e, true, e);
        } finally {
            walLock.unlock();
        }
    }

    /** Runs {@code action} with the WAL writer while no commit can log. */
    public <T> T withWal(WalAction<T> action) throws IOException {
        walLock.lock();
        try {
            return action.apply(wal);
        } finally {
            walLock.unlock();
        }
    }

    /** Replaces the WAL writer (after closing or cutting it); returns the previous one. */
    public WalWriter swapWal(WalWriter w) {
        walLock.lock();
        try {
            WalWriter old = wal;
            wal = w;
            return old;
        } finally {
            walLock.unlock();
        }
    }

    /** Work done with the WAL writer under the WAL lock. */
    @FunctionalInterface
    public interface WalAction<T> {
        T apply(WalWriter w) throws IOException;
    }

    // ---- deletion

    /**
     * Marks the samples in {@code [mint, maxt]} of every series matching {@code matchers} deleted,
     * logging tombstones to the WAL first. Returns the number of series affected.
     */
    public int delete(long mint, long maxt, Matcher... matchers) {
        int[] ids = PostingsForMatchers.select(this, matchers);
        if (ids.length == 0) {
            return 0;
        }
        EncBuf rec = new EncBuf(16 + ids.length * 12);
        Records.startTombstones(rec);
        for (int id : ids) {
            Records.addTombstone(rec, id & 0xFFFFFFFFL, mint, maxt);
        }
        logRecord(rec);
        for (int id : ids) {
            tombstones.add(id & 0xFFFFFFFFL, mint, maxt);
        }
        return ids.length;
    }

    /** Deleted intervals of a series. */
    public Intervals deleted(int ref) {
        return tombstones.get(ref & 0xFFFFFFFFL);
    }

    public Tombstones tombstones() {
        return tombstones;
    }

    // ---- isolation

    /**
     * Stops in-order appends before {@code t}: appenders opened from now on reject such samples
     * (or, with an out-of-order window, buffer them as out-of-order).
     */
    public void stopAppendsBefore(long t) {
        setMinValidTime(Math.max(minValidTime, t));
    }

    /**
     * Waits, at most {@code timeoutMillis}, until the appenders opened before {@link
     * #stopAppendsBefore stopAppendsBefore(t)} have committed or rolled back; returns whether they
     * have. From then on, the head's in-order samples before {@code t} are final.
     */
    public boolean awaitAppenders(long t, long timeoutMillis) throws InterruptedException {
        return isolation.awaitAppends(t, timeoutMillis);
    }

    /** A mark of the queriers opened so far, for {@link #awaitQueriers}. */
    public long querierMark() {
        return isolation.readMark();
    }

    /**
     * Waits, at most {@code timeoutMillis}, until the queriers opened up to {@code mark} that read
     * anything in {@code [mint, maxt]}, {@code except} (may be null) aside, are closed; returns
     * whether they are. Data persisted in a new block is dropped from the head only then, since
     * those queriers may not have that block.
     */
    public boolean awaitQueriers(long mark, long mint, long maxt, HeadQuerier except, long timeoutMillis)
            throws InterruptedException {
        return isolation.awaitReads(mark, mint, maxt, except == null ? null : except.isolationState(), timeoutMillis);
    }

    // ---- truncation

    /**
     * Drops everything before {@code mint} (persisted in a block by now) and the series left
     * without data or pending appends. Returns the number of series removed.
     */
    public int truncate(long mint) {
        return truncate(mint, ref -> { });
    }

    /** As {@link #truncate(long)}, telling {@code removed} the id of every series dropped. */
    public int truncate(long mint, IntConsumer removed) {
        long start = System.nanoTime();
        setMinValidTime(Math.max(minValidTime, mint));
        List<MemSeries> dead = new ArrayList<>();
        long[] newMin = {Long.MAX_VALUE};
        long[] chunksBefore = {0};
        long[] chunksAfter = {0};
        long lowWatermark = isolation.lowWatermark();
        series.forEach(s -> {
            synchronized (s) {
                s.forgetCommitsBelow(lowWatermark);
                if (s.nCommits == 0) {
                    s.commits = null; // idle series give the memory back
                }
                chunksBefore[0] += s.nClosed + (s.open != null ? 1 : 0);
                boolean empty = s.truncateChunksBefore(mint);
                chunksAfter[0] += s.nClosed + (s.open != null ? 1 : 0);
                if (empty && s.pendingCommits == 0) {
                    s.removed = true;
                    dead.add(s);
                } else {
                    newMin[0] = Math.min(newMin[0], s.minTime());
                }
            }
        });
        for (MemSeries s : dead) {
            series.remove(s);
            tombstones.remove(s.ref & 0xFFFFFFFFL);
            removed.accept(s.ref);
        }
        if (!dead.isEmpty()) {
            int[] sortedDead = new int[dead.size()];
            for (int i = 0; i < sortedDead.length; i++) {
                sortedDead[i] = dead.get(i).ref;
            }
            Arrays.sort(sortedDead);
            postings.removeIf(id -> Arrays.binarySearch(sortedDead, id) >= 0);
        }
        long cur;
        long target = newMin[0] == Long.MAX_VALUE ? Math.max(mint, minTime.get()) : Math.max(mint, newMin[0]);
        if (maxTime.get() == Long.MIN_VALUE) {
            target = Long.MAX_VALUE;
        }
        do {
            cur = minTime.get();
        } while (!minTime.compareAndSet(cur, target));
        stats.seriesRemoved.add(dead.size());
        stats.chunksRemoved.add(chunksBefore[0] - chunksAfter[0]);
        stats.truncations.increment();
        stats.gcMillis.add((System.nanoTime() - start) / 1_000_000);
        return dead.size();
    }

    /** The number of chunks (full and open) held by all series. */
    public long numChunks() {
        long[] n = {0};
        series.forEach(s -> {
            synchronized (s) {
                n[0] += s.nClosed + (s.open != null && s.open.numSamples() > 0 ? 1 : 0);
            }
        });
        return n[0];
    }

    /** The time windows ({@code floor(t / chunkRange)}) holding out-of-order samples before {@code t}. */
    public java.util.SortedSet<Long> oooWindowsBefore(long t) {
        java.util.SortedSet<Long> out = new java.util.TreeSet<>();
        series.forEach(s -> {
            synchronized (s) {
                for (int i = 0; i < s.nOoo && s.oooT[i] < t; i++) {
                    out.add(Math.floorDiv(s.oooT[i], chunkRange));
                }
            }
        });
        return out;
    }

    /** Whether a series id is live in the head (for WAL checkpoints). */
    public boolean hasSeries(int ref) {
        return series.get(ref) != null;
    }

    // ---- IndexReader over the head's postings

    @Override
    public int[] allPostings() {
        return postings.all();
    }

    @Override
    public int[] postings(String name, String value) {
        return postings.get(name, value);
    }

    @Override
    public List<String> sortedValues(String name, String from) {
        return postings.sortedValues(name, from);
    }

    @Override
    public List<String> labelNames() {
        return postings.labelNames();
    }

    public MemPostings memPostings() {
        return postings;
    }
}
