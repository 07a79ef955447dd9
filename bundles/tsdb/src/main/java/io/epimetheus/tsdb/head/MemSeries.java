package io.epimetheus.tsdb.head;

import io.epimetheus.api.model.Labels;
import io.epimetheus.tsdb.chunkenc.XorChunk;
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

    // Full chunks, oldest first; immutable once cut, so readers may hold them without the lock.
    byte[][] closed = new byte[0][];
    long[] closedMint = new long[0];
    long[] closedMaxt = new long[0];
    int nClosed;

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
    boolean append(long t, double v, long chunkRange) {
        boolean cut = false;
        XorChunk c = open;
        if (c == null) {
            c = cutNewChunk(t, chunkRange);
            cut = true;
        } else if (c.byteLength() > XorChunk.MAX_BYTES_BEFORE_APPEND) {
            c = cutNewChunk(t, chunkRange);
            cut = true;
        }
        int n = c.numSamples();
        if (!cut) {
            if (n == SAMPLES_PER_CHUNK / 4) {
                nextAt = computeChunkEndTime(openMint, lastT, nextAt);
            }
            if (t >= nextAt || n >= SAMPLES_PER_CHUNK * 2) {
                c = cutNewChunk(t, chunkRange);
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

    private XorChunk cutNewChunk(long mint, long chunkRange) {
        XorChunk c = open;
        if (c != null && c.numSamples() > 0) {
            closeOpenChunk();
        }
        c = new XorChunk(64);
        open = c;
        openMint = mint;
        nextAt = (Math.floorDiv(mint, chunkRange) + 1) * chunkRange;
        return c;
    }

    /** Moves the open chunk to the closed list. */
    private void closeOpenChunk() {
        if (nClosed == closed.length) {
            int cap = Math.max(2, nClosed * 2);
            closed = Arrays.copyOf(closed, cap);
            closedMint = Arrays.copyOf(closedMint, cap);
            closedMaxt = Arrays.copyOf(closedMaxt, cap);
        }
        closed[nClosed] = open.toBytes();
        closedMint[nClosed] = openMint;
        closedMaxt[nClosed] = open.lastT();
        nClosed++;
        open = null;
        openMint = Long.MAX_VALUE;
    }

    /** The time of the oldest sample held, or {@code Long.MAX_VALUE} when none. */
    long minTime() {
        if (nClosed > 0) {
            return closedMint[0];
        }
        return open != null && open.numSamples() > 0 ? openMint : Long.MAX_VALUE;
    }

    /**
     * Drops chunks that end before {@code mint}. Returns whether the series is now empty. Caller
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
            closedMint = Arrays.copyOfRange(closedMint, drop, drop + Math.max(keep, 1));
            closedMaxt = Arrays.copyOfRange(closedMaxt, drop, drop + Math.max(keep, 1));
            nClosed = keep;
        }
        if (open != null && open.numSamples() > 0 && lastT < mint) {
            open = null;
            openMint = Long.MAX_VALUE;
        }
        return nClosed == 0 && (open == null || open.numSamples() == 0);
    }
}
