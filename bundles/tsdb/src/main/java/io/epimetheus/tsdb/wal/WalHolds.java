package io.epimetheus.tsdb.wal;

import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.tsdb.format.wal.WalFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * The low-water marks of WAL followers ({@link WriteAheadLog.Hold}) and what they allow truncation
 * to delete. A truncation runs under this object's lock, so a hold registered before it started is
 * honoured and one registered while it runs waits for it to finish.
 *
 * <p>While any hold exists, series the head drops are remembered with the segment that was being
 * written when they went: their records stay in checkpoints until truncation passes that segment,
 * so a follower reading a held segment can still resolve the series of its samples (Prometheus's
 * agent keeps dropped series for the same reason).
 */
public final class WalHolds {

    private static final System.Logger LOG = System.getLogger(WalHolds.class.getName());

    private final long maxHoldMillis;
    private final CopyOnWriteArrayList<Mark> marks = new CopyOnWriteArrayList<>();
    /** Series ref of a series dropped from the head, to the segment being written when it was dropped. */
    private final ConcurrentHashMap<Integer, Integer> dropped = new ConcurrentHashMap<>();

    public WalHolds(long maxHoldMillis) {
        if (maxHoldMillis < 0) {
            throw new IllegalArgumentException("negative maximum hold " + maxHoldMillis + "ms");
        }
        this.maxHoldMillis = maxHoldMillis;
    }

    public long maxHoldMillis() {
        return maxHoldMillis;
    }

    /** Registers a follower's mark; see {@link WriteAheadLog#hold}. */
    public synchronized WriteAheadLog.Hold hold(String reader, int segment) {
        Mark m = new Mark(reader, Math.max(0, segment));
        marks.add(m);
        return m;
    }

    /** The number of holds registered. */
    public int size() {
        return marks.size();
    }

    /** Notes that the head dropped series {@code ref} while segment {@code segment} was being written. */
    public void seriesDropped(int ref, int segment) {
        if (!marks.isEmpty()) {
            dropped.put(ref, segment);
        }
    }

    /** What a truncation does once the holds decided how far it may go. */
    @FunctionalInterface
    public interface Truncation {
        /**
         * Truncates segments up to {@code last}; {@code keepDropped} says whether the record of a
         * series the head no longer has must still go into the checkpoint.
         */
        void run(int last, IntPredicate keepDropped) throws IOException;
    }

    /**
     * Runs a truncation of the segments up to {@code wanted}, lowered below the lowest hold, but
     * never below a segment last written more than the maximum hold ago. Does nothing when that
     * leaves nothing past {@code first}. Returns the last segment truncated, or -1.
     */
    public synchronized int truncate(Path walDir, int first, int wanted, long nowMillis, Truncation t)
            throws IOException {
        int last = wanted;
        int lowest = Integer.MAX_VALUE;
        for (Mark m : marks) {
            lowest = Math.min(lowest, m.segment());
        }
        if (lowest <= last) {
            int held = lowest - 1;
            int expired = lastWrittenBefore(walDir, held + 1, last, nowMillis - maxHoldMillis);
            if (expired > held) {
                LOG.log(System.Logger.Level.WARNING, "WAL segments " + (held + 1) + " to " + expired
                        + " are truncated although " + holders(expired) + " still need them: they were written"
                        + " more than " + maxHoldMillis / 1000 + "s ago");
            }
            last = Math.max(held, expired);
        }
        if (last <= first) {
            return -1;
        }
        int upTo = last;
        t.run(upTo, ref -> dropped.getOrDefault(ref, -1) > upTo);
        dropped.values().removeIf(seg -> seg <= upTo);
        return upTo;
    }

    /** The highest segment in {@code [from, to]} last modified before {@code cutoff}, or {@code from - 1}. */
    private static int lastWrittenBefore(Path walDir, int from, int to, long cutoff) throws IOException {
        int found = from - 1;
        for (int s : WalFormat.segments(walDir)) {
            if (s < from || s > to) {
                continue;
            }
            try {
                if (Files.getLastModifiedTime(walDir.resolve(WalFormat.segmentName(s))).toMillis() >= cutoff) {
                    break; // segments are written in order: later ones are newer still
                }
            } catch (NoSuchFileException e) {
                // gone already: nothing to keep
            }
            found = s;
        }
        return found;
    }

    private String holders(int segment) {
        StringBuilder sb = new StringBuilder();
        for (Mark m : marks) {
            int at = m.segment();
            if (at <= segment) {
                sb.append(sb.length() == 0 ? "" : ", ").append(m.reader).append(" (at segment ").append(at).append(')');
            }
        }
        return sb.toString();
    }

    /** Drops every hold: the WAL is closing. */
    public void clear() {
        marks.clear();
        dropped.clear();
    }

    private final class Mark implements WriteAheadLog.Hold {
        private final String reader;
        private final AtomicInteger segment;

        Mark(String reader, int segment) {
            this.reader = reader;
            this.segment = new AtomicInteger(segment);
        }

        @Override
        public int segment() {
            return segment.get();
        }

        @Override
        public void advance(int s) {
            segment.accumulateAndGet(s, Math::max);
        }

        @Override
        public void close() {
            marks.remove(this);
        }

        @Override
        public String toString() {
            return reader + "@" + segment.get();
        }
    }
}
