package io.epimetheus.tsdb.head;

import io.epimetheus.api.model.Labels;
import io.epimetheus.tsdb.chunks.HeadChunkFiles;
import io.epimetheus.tsdb.format.chunk.XorChunk;
import java.util.Arrays;

/**
 * One series in the head: its labels, the open chunk being appended to, and the full chunks cut
 * before it. Every field is guarded by the instance's monitor ({@code synchronized (series)}),
 * except the immutable {@link #ref} and {@link #labels}.
 *
 * <p>Chunk cutting follows Prometheus: a chunk ends at the end of the chunk range its first
 * sample falls in, after about 120 samples (predicted from the rate seen at a quarter of them, so
 * the chunks of a range come out even), at 240 samples when the rate rises, or before it would
 * pass 1 KiB.
 */
public final class MemSeries {

    static final int SAMPLES_PER_CHUNK = 120;
    /** Room for a typical full chunk (120 regular samples take 150-250 bytes) without growing. */
    private static final int OPEN_CHUNK_CAPACITY = 256;

    final int ref;
    final Labels labels;

    /** Whether the WAL holds this series' record; set under the WAL lock. */
    boolean logged;
    /** Samples appended to open appenders and not yet committed; the series is not collected meanwhile. */
    int pendingCommits;
    /** Set when truncation removed the series; appenders must look it up again. */
    boolean removed;

    XorChunk open;
    long openMint = Long.MAX_VALUE;
    long nextAt = Long.MIN_VALUE;
    long lastT = Long.MIN_VALUE;
    long lastVBits;
    /**
     * During WAL replay, while the series holds only chunks loaded from the chunk files: the newest
     * logged sample time replayed so far that those chunks already hold. A logged sample behind it
     * was out of order when appended, so it is not in them.
     */
    long mappedReplayedT = Long.MIN_VALUE;

    // Full chunks, oldest first: in the head chunk files (closedRef) or, without them or when
    // writing failed, on the heap (closed[i] != null). Immutable once cut.
    byte[][] closed = new byte[0][];
    long[] closedRef = new long[0];
    long[] closedMint = new long[0];
    long[] closedMaxt = new long[0];
    int nClosed;

    // Out-of-order samples accepted within the out-of-order window, sorted by time.
    long[] oooT;
    double[] oooV;
    int nOoo;

    // Isolation: the appends that wrote the newest samples, oldest first, as pairs (id << 1, t) for
    // in-order samples and (id << 1 | 1, t) for an out-of-order one. An in-order entry stands for
    // the run of samples from its t up to the next in-order entry's; an out-of-order entry for the
    // one sample at its t. Appends below the low watermark are forgotten (see Isolation), so a
    // series written once per scrape holds one entry.
    long[] commits;
    int nCommits;

    MemSeries(int ref, Labels labels) {
        this.ref = ref;
        this.labels = labels;
    }

    public int ref() {
        return ref;
    }

    public Labels labels() {
        return labels;
    }

    /** Result of {@link #append}. */
    enum Outcome { APPENDED, DUPLICATE_SAME, OUT_OF_ORDER, DUPLICATE }

    /** What appending {@code (t, v)} would do, without doing it. Caller holds the monitor. */
    Outcome check(long t, long vBits) {
        if (t > lastT) {
            return Outcome.APPENDED;
        }
        if (t == lastT) {
            return vBits == lastVBits ? Outcome.DUPLICATE_SAME : Outcome.DUPLICATE;
        }
        return Outcome.OUT_OF_ORDER;
    }

    /**
     * Appends in order; returns whether a new chunk was started. Caller holds the monitor and has
     * checked {@code t > lastT}.
     */
    boolean append(long t, double v, long chunkRange, HeadChunkFiles files) {
        boolean cut = false;
        XorChunk c = open;
        if (c == null) {
            c = cutNewChunk(t, chunkRange, files);
            cut = true;
        } else if (c.byteLength() > XorChunk.MAX_BYTES_BEFORE_APPEND) {
            c = cutNewChunk(t, chunkRange, files);
            cut = true;
        }
        int n = c.numSamples();
        if (!cut) {
            if (n == SAMPLES_PER_CHUNK / 4) {
                nextAt = computeChunkEndTime(openMint, lastT, nextAt);
            }
            if (t >= nextAt || n >= SAMPLES_PER_CHUNK * 2) {
                c = cutNewChunk(t, chunkRange, files);
                cut = true;
            }
        }
        c.append(t, v);
        lastT = t;
        lastVBits = Double.doubleToRawLongBits(v);
        return cut;
    }

    /** Spreads the samples of the rest of the range evenly over chunks of ~120 samples. */
    private static long computeChunkEndTime(long start, long cur, long max) {
        double n = (double) (max - start) / ((double) (cur - start + 1) * 4);
        if (n <= 1) {
            return max;
        }
        return (long) (start + (max - start) / Math.floor(n));
    }

    private XorChunk cutNewChunk(long mint, long chunkRange, HeadChunkFiles files) {
        XorChunk c = open;
        if (c != null && c.numSamples() > 0) {
            closeOpenChunk(files);
            // Readers copy the open chunk under the lock, so its buffer can be reused.
            c.reset();
        } else if (c == null) {
            c = new XorChunk(OPEN_CHUNK_CAPACITY);
        }
        open = c;
        openMint = mint;
        nextAt = (Math.floorDiv(mint, chunkRange) + 1) * chunkRange;
        return c;
    }

    private void growClosed() {
        if (nClosed == closed.length) {
            int cap = Math.max(2, nClosed * 2);
            closed = Arrays.copyOf(closed, cap);
            closedRef = Arrays.copyOf(closedRef, cap);
            closedMint = Arrays.copyOf(closedMint, cap);
            closedMaxt = Arrays.copyOf(closedMaxt, cap);
        }
    }

    /** Moves the open chunk to the closed list: into the chunk files, or the heap without them. */
    private void closeOpenChunk(HeadChunkFiles files) {
        growClosed();
        closed[nClosed] = null;
        if (files != null) {
            try {
                closedRef[nClosed] = files.write(ref & 0xFFFFFFFFL, openMint, open.lastT(), XorChunk.ENCODING,
                        open.array(), 0, open.byteLength());
            } catch (java.io.IOException | RuntimeException e) {
                // A full disk must not lose data: keep this chunk on the heap instead.
                closed[nClosed] = open.toBytes();
            }
        } else {
            closed[nClosed] = open.toBytes();
        }
        closedMint[nClosed] = openMint;
        closedMaxt[nClosed] = open.lastT();
        nClosed++;
        openMint = Long.MAX_VALUE;
    }

    /**
     * Records that append {@code id} wrote a sample at {@code t}, forgetting the appends below
     * {@code lowWatermark} first. Caller holds the monitor.
     */
    void trackCommit(long id, long t, boolean outOfOrder, long lowWatermark) {
        forgetCommitsBelow(lowWatermark);
        long key = id << 1 | (outOfOrder ? 1 : 0);
        int n = nCommits << 1;
        if (!outOfOrder && n > 0 && commits[n - 2] == key) {
            return; // the run of this append goes on
        }
        if (commits == null) {
            commits = new long[2];
        } else if (n == commits.length) {
            commits = Arrays.copyOf(commits, n * 2);
        }
        commits[n] = key;
        commits[n + 1] = t;
        nCommits++;
    }

    /** Forgets the appends below {@code lowWatermark}, oldest first. Caller holds the monitor. */
    void forgetCommitsBelow(long lowWatermark) {
        int k = 0;
        while (k < nCommits && commits[k << 1] >>> 1 < lowWatermark) {
            k++;
        }
        if (k == 0) {
            return;
        }
        // Only a prefix: an in-order entry bounds the run of the one before it.
        nCommits -= k;
        if (nCommits == 0) {
            return;
        }
        System.arraycopy(commits, k << 1, commits, 0, nCommits << 1);
    }

    /** Results of {@link #insertOoo}. */
    static final int OOO_INSERTED = 0;
    static final int OOO_SAME = 1;
    static final int OOO_CONFLICT = 2;

    /**
     * Inserts an out-of-order sample: {@link #OOO_INSERTED}, {@link #OOO_SAME} when that very
     * sample is already buffered, {@link #OOO_CONFLICT} when another value is buffered at that
     * timestamp (nothing changes). Caller holds the monitor.
     */
    int insertOoo(long t, double v) {
        if (oooT == null) {
            oooT = new long[8];
            oooV = new double[8];
        }
        int i = java.util.Arrays.binarySearch(oooT, 0, nOoo, t);
        if (i >= 0) {
            return Double.doubleToRawLongBits(oooV[i]) == Double.doubleToRawLongBits(v) ? OOO_SAME : OOO_CONFLICT;
        }
        i = -i - 1;
        if (nOoo == oooT.length) {
            oooT = Arrays.copyOf(oooT, nOoo * 2);
            oooV = Arrays.copyOf(oooV, nOoo * 2);
        }
        System.arraycopy(oooT, i, oooT, i + 1, nOoo - i);
        System.arraycopy(oooV, i, oooV, i + 1, nOoo - i);
        oooT[i] = t;
        oooV[i] = v;
        nOoo++;
        return OOO_INSERTED;
    }

    /** Whether out-of-order samples lie in {@code [mint, maxt]}. Caller holds the monitor. */
    boolean hasOooIn(long mint, long maxt) {
        if (nOoo == 0) {
            return false;
        }
        int i = java.util.Arrays.binarySearch(oooT, 0, nOoo, mint);
        i = i >= 0 ? i : -i - 1;
        return i < nOoo && oooT[i] <= maxt;
    }

    /**
     * Drops out-of-order samples before {@code t} except those at the times in {@code keep[0,
     * nKeep)} (sorted). Caller holds the monitor.
     */
    void dropOooBefore(long t, long[] keep, int nKeep) {
        int w = 0;
        int k = 0;
        int i = 0;
        for (; i < nOoo && oooT[i] < t; i++) {
            while (k < nKeep && keep[k] < oooT[i]) {
                k++;
            }
            if (k < nKeep && keep[k] == oooT[i]) {
                oooT[w] = oooT[i];
                oooV[w] = oooV[i];
                w++;
            }
        }
        if (w < i) {
            System.arraycopy(oooT, i, oooT, w, nOoo - i);
            System.arraycopy(oooV, i, oooV, w, nOoo - i);
            nOoo -= i - w;
        }
        if (nOoo == 0) {
            oooT = null;
            oooV = null;
        }
    }

    /**
     * Attaches full chunks found in the head chunk files at startup (sorted by time) and takes
     * the last sample from the newest. Caller holds the monitor; the series has no data yet.
     */
    void attachMapped(long[] refs, long[] mints, long[] maxts, int n, long lastValueBits) {
        for (int i = 0; i < n; i++) {
            growClosed();
            closed[nClosed] = null;
            closedRef[nClosed] = refs[i];
            closedMint[nClosed] = mints[i];
            closedMaxt[nClosed] = maxts[i];
            nClosed++;
        }
        if (n > 0) {
            lastT = maxts[n - 1];
            lastVBits = lastValueBits;
        }
    }

    /** The time of the oldest sample held, or {@code Long.MAX_VALUE} when none. */
    long minTime() {
        if (nClosed > 0) {
            return closedMint[0];
        }
        return open != null && open.numSamples() > 0 ? openMint : Long.MAX_VALUE;
    }

    /**
     * Drops chunks that end before {@code mint}. Returns whether the series is now empty.
     * Out-of-order samples stay until they are persisted (see {@link #dropOooBefore}). Caller
     * holds the monitor.
     */
    boolean truncateChunksBefore(long mint) {
        int drop = 0;
        while (drop < nClosed && closedMaxt[drop] < mint) {
            drop++;
        }
        if (drop > 0) {
            int keep = nClosed - drop;
            // New arrays, so a reader that copied the old references still sees consistent data.
            closed = Arrays.copyOfRange(closed, drop, drop + Math.max(keep, 1));
            closedRef = Arrays.copyOfRange(closedRef, drop, drop + Math.max(keep, 1));
            closedMint = Arrays.copyOfRange(closedMint, drop, drop + Math.max(keep, 1));
            closedMaxt = Arrays.copyOfRange(closedMaxt, drop, drop + Math.max(keep, 1));
            nClosed = keep;
        }
        if (open != null && open.numSamples() > 0 && lastT < mint) {
            open = null;
            openMint = Long.MAX_VALUE;
        }
        return nClosed == 0 && (open == null || open.numSamples() == 0) && nOoo == 0;
    }
}
