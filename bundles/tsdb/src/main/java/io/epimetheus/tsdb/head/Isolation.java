package io.epimetheus.tsdb.head;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Commit isolation, as in Prometheus's head: a reader sees every commit completed before it was
 * opened and none of those still in progress, across all series of a batch.
 *
 * <p>Every appender takes an append id (increasing from 1) when it opens and gives it back when it
 * commits or rolls back. A series remembers which append wrote its newest samples (see {@link
 * MemSeries#trackCommit}). A reader takes a {@link ReadState}: the newest id handed out and the ids
 * still open at that moment; samples written by any other append are hidden from it. A series
 * forgets an append once it is below the {@link #lowWatermark() low watermark}: completed, and seen
 * by every open reader.
 *
 * <p>The open appends also carry the oldest sample time each may still write in order, so head
 * compaction can wait for the appends that could still write into the range it persists; the open
 * reads carry their time range and opening order, so head truncation can wait for the readers that
 * may still need the data it drops.
 */
final class Isolation {

    /** Oldest in-order sample time a new appender accepts; read under the lock, see {@link #openAppend}. */
    private final LongSupplier appendMinTime;

    private long lastId;
    private long lastReadSeq;
    // Open appends, ascending by id (ids are handed out in order, so new ones go last).
    private long[] openIds = new long[16];
    private long[] openMinTimes = new long[16];
    private int nOpen;
    /** Sentinel of the open reads, a ring in opening order: {@code reads.next} is the oldest. */
    private final ReadState reads = new ReadState(this, 0, 0, ReadState.NO_IDS, 0, 0, 0);
    private int waiters;
    private volatile long lowWatermark = 1;

    Isolation(LongSupplier appendMinTime) {
        this.appendMinTime = appendMinTime;
    }

    /**
     * Opens an append and returns its id. The oldest time it may write in order is taken from the
     * head under the same lock that {@link #awaitAppends} checks: an append opened after a waiter
     * raised that time sees the raised value, an append opened before is waited for.
     */
    synchronized long openAppend() {
        long id = ++lastId;
        if (nOpen == openIds.length) {
            openIds = Arrays.copyOf(openIds, nOpen * 2);
            openMinTimes = Arrays.copyOf(openMinTimes, nOpen * 2);
        }
        openIds[nOpen] = id;
        openMinTimes[nOpen] = appendMinTime.getAsLong();
        nOpen++;
        updateLowWatermark();
        return id;
    }

    /** Closes an append once all its samples are applied (or none will be). */
    synchronized void closeAppend(long id) {
        int i = Arrays.binarySearch(openIds, 0, nOpen, id);
        if (i < 0) {
            throw new IllegalStateException("append " + id + " is not open");
        }
        System.arraycopy(openIds, i + 1, openIds, i, nOpen - i - 1);
        System.arraycopy(openMinTimes, i + 1, openMinTimes, i, nOpen - i - 1);
        nOpen--;
        updateLowWatermark();
        wakeWaiters();
    }

    /** A reader's view: every append completed now, none open now or opened later. */
    synchronized ReadState openRead(long mint, long maxt) {
        long[] open = nOpen == 0 ? ReadState.NO_IDS : Arrays.copyOf(openIds, nOpen);
        ReadState s = new ReadState(this, lastId, nOpen == 0 ? lastId + 1 : openIds[0], open, ++lastReadSeq, mint,
                maxt);
        s.prev = reads.prev;
        s.next = reads;
        reads.prev.next = s;
        reads.prev = s;
        updateLowWatermark();
        return s;
    }

    private synchronized void closeRead(ReadState s) {
        if (s.next == null) {
            return;
        }
        s.prev.next = s.next;
        s.next.prev = s.prev;
        s.next = null;
        s.prev = null;
        updateLowWatermark();
        wakeWaiters();
    }

    /**
     * Appends below this id are completed and seen by every open and future reader, so series no
     * longer need to remember them. It only grows; a stale value is merely conservative.
     */
    long lowWatermark() {
        return lowWatermark;
    }

    // Caller holds the lock. The oldest read has the lowest watermark of all reads: later reads
    // were opened with at least the appends it saw completed.
    private void updateLowWatermark() {
        long w = lastId + 1;
        if (nOpen > 0) {
            w = openIds[0];
        }
        if (reads.next != reads) {
            w = Math.min(w, reads.next.low);
        }
        lowWatermark = w;
    }

    private void wakeWaiters() {
        if (waiters > 0) {
            notifyAll();
        }
    }

    /**
     * Waits until no open append may still write an in-order sample before {@code t} (the appends
     * opened before the head stopped accepting such samples have all committed or rolled back), at
     * most {@code timeoutMillis}. Returns whether none may.
     */
    synchronized boolean awaitAppends(long t, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        waiters++;
        try {
            while (oldestAppendTime() < t) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        } finally {
            waiters--;
        }
    }

    private long oldestAppendTime() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < nOpen; i++) {
            min = Math.min(min, openMinTimes[i]);
        }
        return min;
    }

    /** The opening number of the newest read; reads opened later have higher ones. */
    synchronized long readMark() {
        return lastReadSeq;
    }

    /**
     * Waits until every read opened up to {@code mark} whose range overlaps {@code [mint, maxt]},
     * but {@code except} (may be null), is closed, or {@code timeoutMillis} passed. Returns whether
     * they all closed.
     */
    synchronized boolean awaitReads(long mark, long mint, long maxt, ReadState except, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        waiters++;
        try {
            while (overlappingRead(mark, mint, maxt, except)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        } finally {
            waiters--;
        }
    }

    private boolean overlappingRead(long mark, long mint, long maxt, ReadState except) {
        for (ReadState s = reads.next; s != reads && s.seq <= mark; s = s.next) {
            if (s != except && s.mint <= maxt && mint <= s.maxt) {
                return true;
            }
        }
        return false;
    }

    /**
     * What one reader may see. Immutable but for its place among the open reads; {@link #close}
     * it when done (twice is harmless) so series can forget the appends it needed.
     */
    static final class ReadState implements AutoCloseable {
        static final long[] NO_IDS = new long[0];

        private final Isolation iso;
        /** Newest append id handed out when the read opened. */
        final long maxId;
        /** Appends below this id were completed when the read opened. */
        final long low;
        /** Appends open when the read opened, ascending. */
        private final long[] open;
        final long seq;
        final long mint;
        final long maxt;
        private ReadState prev;
        private ReadState next;

        private ReadState(Isolation iso, long maxId, long low, long[] open, long seq, long mint, long maxt) {
            this.iso = iso;
            this.maxId = maxId;
            this.low = low;
            this.open = open;
            this.seq = seq;
            this.mint = mint;
            this.maxt = maxt;
            if (seq == 0) { // the sentinel of the open reads
                prev = this;
                next = this;
            }
        }

        /** Whether the samples of append {@code id} are visible to this reader. */
        boolean sees(long id) {
            return id < low || (id <= maxId && Arrays.binarySearch(open, id) < 0);
        }

        @Override
        public void close() {
            iso.closeRead(this);
        }
    }
}
