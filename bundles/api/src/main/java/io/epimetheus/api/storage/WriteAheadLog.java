package io.epimetheus.api.storage;

import java.nio.file.Path;

/**
 * The write-ahead log of the local database, for components that follow it the way Prometheus's
 * remote-write WAL watcher does: read the last checkpoint for the series, then the segments after
 * it, tailing the one being written. The database registers this service next to its {@link
 * Storage} while its WAL is open and unregisters it before closing the WAL; a follower should stop
 * reading (and release its {@link Hold}) when the service goes away.
 *
 * <p>The directory has Prometheus's layout: segments named by 8-digit sequence numbers, and
 * {@code checkpoint.NNNNNNNN} directories condensing every segment up to and including that
 * number. The format library {@code io.epimetheus.tsdb.format.wal} reads both.
 *
 * <p><b>Truncation.</b> After the head is cut into a block, the database checkpoints the older
 * two thirds of the segments and deletes them (as Prometheus does). Without a hold, a follower that
 * lags (a remote-write receiver that is down) finds its segment deleted and continues with the
 * oldest remaining one, losing what it had not read — as Prometheus does. A {@link #hold hold}
 * keeps every segment from its mark on, and the series records of series in them in the next
 * checkpoint, but only for a bounded time: a segment last written more than {@link
 * #maxHoldMillis()} ago is truncated anyway (Prometheus's agent bounds its WAL the same way with
 * {@code --storage.agent.retention.max-time}), so a dead receiver cannot fill the disk.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. Holds are cheap to advance and
 * may be advanced by the reading thread while the database truncates on its own.
 */
public interface WriteAheadLog {

    /** The WAL directory. */
    Path directory();

    /**
     * The segments on disk now: the oldest and the one being written. A checkpoint, when there is
     * one, condenses the segments before {@code first}.
     */
    Segments segments();

    /**
     * Registers a follower that still needs segment {@code segment} and every later one. From the
     * moment this returns until the hold is closed (or the service goes away), truncation deletes no
     * such segment that was written to within {@link #maxHoldMillis()}, nor the series records
     * its samples refer to. Register before listing the directory, with the lowest segment you may
     * read ({@code 0} holds everything), then {@link Hold#advance advance} as segments are done.
     *
     * @param reader who holds, for logs and status (e.g. {@code "remote_write queue a1b2c3"})
     */
    Hold hold(String reader, int segment);

    /** How long a hold can keep a segment after it was last written to. */
    long maxHoldMillis();

    /** A range of segment numbers; {@code first == -1} when there are none yet. */
    record Segments(int first, int last) {

        /** No segments. */
        public static final Segments NONE = new Segments(-1, -1);

        public Segments {
            if (first > last || first < -1) {
                throw new IllegalArgumentException("bad segment range " + first + ".." + last);
            }
        }

        public boolean isEmpty() {
            return first < 0;
        }
    }

    /** A follower's low-water mark: the lowest segment it still needs. */
    interface Hold extends AutoCloseable {

        /** The lowest segment still needed. */
        int segment();

        /**
         * Raises the mark: segments before {@code segment} are no longer needed. A value at or below
         * the current mark changes nothing.
         */
        void advance(int segment);

        /** Releases the hold; truncation no longer waits for it. Idempotent. */
        @Override
        void close();
    }
}
