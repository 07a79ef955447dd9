package io.epimetheus.tsdb;

import static io.epimetheus.tsdb.TestUtil.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.tsdb.TestUtil.S;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit isolation: a querier sees every commit completed before it was opened and none in
 * progress or started later, whole batches across all their series; rollbacks never show.
 */
class IsolationTest {

    private static final long H = 3_600_000;
    private static final long STEP = 60_000;
    private static final long BASE = 100 * H;
    private static final int GROUPS = 2;
    private static final int SERIES = 150;
    private static final int MAX_BATCHES = 1500;
    private static final long RUN_MILLIS = 2000;
    /** Value written by batches that are rolled back: never to be seen. */
    private static final double ROLLED_BACK = 1e12;

    @TempDir
    Path dir;

    private Db open(long oooWindow) throws IOException {
        TsdbOptions d = TsdbOptions.defaults(dir);
        return Db.open(new TsdbOptions(dir, d.retentionMillis(), 0, 2 * H, d.maxBlockDuration(), true, 1 << 20, false,
                oooWindow));
    }

    private static Labels series(int g, int i) {
        return Labels.of("__name__", "iso", "group", Integer.toString(g), "s", Integer.toString(i));
    }

    private static long inOrderT(long k) {
        return BASE + k * STEP;
    }

    /** Out-of-order batches go half a step behind their in-order batch. */
    private static long outOfOrderT(long k) {
        return BASE + k * STEP - STEP / 2;
    }

    private static double value(int g, long k, boolean ooo) {
        double v = g * 1_000_000.0 + k;
        return ooo ? -v : v;
    }

    @Test
    void concurrentReadersNeverSeePartialBatches() throws Exception {
        runWritersReadersAndCompactions(0);
    }

    @Test
    void concurrentReadersNeverSeePartialBatchesWithOutOfOrderSamples() throws Exception {
        runWritersReadersAndCompactions(H);
    }

    /**
     * Each writer owns a group of series and commits batches writing one value to all of them at
     * one timestamp (with an out-of-order window, a second batch half a step behind), and rolls
     * back every fifth batch it starts; readers query all the time, the compactor cuts blocks.
     * Within a group every series must always hold the same samples, the batches committed before
     * a querier opened must be there, rolled back ones never. Nothing committed is lost, also
     * after reopening.
     */
    private void runWritersReadersAndCompactions(long oooWindow) throws Exception {
        AtomicLongArray committed = new AtomicLongArray(GROUPS);
        for (int g = 0; g < GROUPS; g++) {
            committed.set(g, -1);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LongAdder reads = new LongAdder();
        boolean ooo = oooWindow > 0;
        try (Db db = open(oooWindow)) {
            List<Thread> threads = new ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                int group = g;
                threads.add(new Thread(() -> guard(failure, () -> write(db, group, ooo, committed, failure))));
            }
            for (int r = 0; r < 2; r++) {
                threads.add(new Thread(() -> guard(failure, () -> {
                    while (!done.get() && failure.get() == null) {
                        read(db, committed, ooo, reads.sum() % 2 == 0);
                        reads.increment();
                    }
                })));
            }
            Thread compactor = new Thread(() -> guard(failure, () -> {
                while (!done.get() && failure.get() == null) {
                    db.compact();
                    Thread.sleep(5);
                }
            }));
            threads.add(compactor);
            threads.forEach(Thread::start);
            for (int g = 0; g < GROUPS; g++) {
                threads.get(g).join(30_000);
            }
            done.set(true);
            for (Thread t : threads) {
                t.join(30_000);
                assertFalse(t.isAlive(), "thread did not finish");
            }
            if (failure.get() != null) {
                throw new AssertionError("isolation violated", failure.get());
            }
            assertTrue(reads.sum() >= 10, "only " + reads.sum() + " reads ran");
            assertFalse(db.blocks().isEmpty(), "no block was cut while writing");
            db.compact();
            assertEverythingCommitted(db, committed, ooo);
        }
        try (Db db = open(oooWindow)) {
            assertEverythingCommitted(db, committed, ooo);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void guard(AtomicReference<Throwable> failure, Body body) {
        try {
            body.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static void write(Db db, int g, boolean ooo, AtomicLongArray committed,
            AtomicReference<Throwable> failure) {
        Labels[] labels = new Labels[SERIES];
        long[] refs = new long[SERIES];
        for (int i = 0; i < SERIES; i++) {
            labels[i] = series(g, i);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
        for (long k = 0; k < MAX_BATCHES && System.nanoTime() < deadline && failure.get() == null; k++) {
            // Groups stay within half an hour of each other, so none falls out of bounds.
            while (lowest(committed) < k - 30 && System.nanoTime() < deadline) {
                Thread.yield();
            }
            Appender a = db.appender();
            for (int i = 0; i < SERIES; i++) {
                refs[i] = a.append(refs[i], labels[i], inOrderT(k), value(g, k, false));
            }
            a.commit();
            if (ooo && k > 0) {
                Appender late = db.appender();
                for (int i = 0; i < SERIES; i++) {
                    late.append(refs[i], labels[i], outOfOrderT(k), value(g, k, true));
                }
                late.commit();
            }
            if (k % 5 == 0) {
                Appender rolledBack = db.appender();
                for (int i = 0; i < SERIES; i++) {
                    rolledBack.append(refs[i], labels[i], inOrderT(k) + STEP / 4, ROLLED_BACK);
                }
                rolledBack.rollback();
            }
            committed.set(g, k);
        }
    }

    private static long lowest(AtomicLongArray committed) {
        long min = Long.MAX_VALUE;
        for (int g = 0; g < committed.length(); g++) {
            min = Math.min(min, committed.get(g));
        }
        return min;
    }

    /** One query, checked group by group; {@code full} reads everything, else the recent samples. */
    private static void read(Db db, AtomicLongArray committed, boolean ooo, boolean full) {
        long[] before = new long[GROUPS];
        for (int g = 0; g < GROUPS; g++) {
            before[g] = committed.get(g);
        }
        long newest = Math.max(before[0], before[1]);
        long mint = full || newest < 0 ? Long.MIN_VALUE : inOrderT(newest - 30);
        try (Querier q = db.querier(mint, Long.MAX_VALUE)) {
            for (int g = 0; g < GROUPS; g++) {
                SeriesSet ss = q.select(false, null, Matcher.equal("__name__", "iso"),
                        Matcher.equal("group", Integer.toString(g)));
                checkGroup(g, ss, before[g], mint, ooo);
            }
        }
    }

    private static void checkGroup(int g, SeriesSet ss, long committedBefore, long mint, boolean ooo) {
        long[] ts = new long[64];
        long[] bits = new long[64];
        int n = -1;
        int nSeries = 0;
        SampleIterator it = null;
        while (ss.next()) {
            nSeries++;
            it = ss.iterator(it);
            int m = 0;
            while (it.next() == ValueType.FLOAT) {
                long t = it.t();
                double v = it.v();
                if (n < 0) {
                    if (m == ts.length) {
                        ts = java.util.Arrays.copyOf(ts, m * 2);
                        bits = java.util.Arrays.copyOf(bits, m * 2);
                    }
                    checkSample(g, t, v, ss.labels());
                    ts[m] = t;
                    bits[m] = Double.doubleToRawLongBits(v);
                } else if (m >= n || ts[m] != t || bits[m] != Double.doubleToRawLongBits(v)) {
                    throw new AssertionError("partial batch: " + ss.labels() + " has " + t + "=" + v + " at position "
                            + m + " where the group's first series has "
                            + (m < n ? ts[m] + "=" + Double.longBitsToDouble(bits[m]) : "nothing"));
                }
                m++;
            }
            if (n < 0) {
                n = m;
            } else if (m != n) {
                throw new AssertionError("partial batch: " + ss.labels() + " has " + m + " samples, the group's first "
                        + "series " + n);
            }
        }
        if (committedBefore < 0) {
            return;
        }
        if (nSeries != SERIES) {
            throw new AssertionError("group " + g + ": " + nSeries + " series, want " + SERIES);
        }
        long want = inOrderT(committedBefore);
        if (want >= mint && !contains(ts, n, want)) {
            throw new AssertionError("group " + g + ": batch " + committedBefore + " committed before the querier "
                    + "opened is missing");
        }
        if (ooo && committedBefore > 0 && outOfOrderT(committedBefore) >= mint
                && !contains(ts, n, outOfOrderT(committedBefore))) {
            throw new AssertionError("group " + g + ": out-of-order batch " + committedBefore + " committed before the "
                    + "querier opened is missing");
        }
    }

    private static boolean contains(long[] ts, int n, long t) {
        return java.util.Arrays.binarySearch(ts, 0, n, t) >= 0;
    }

    /** A sample must be one a committed batch of its group wrote at that time. */
    private static void checkSample(int g, long t, double v, Labels l) {
        long off = t - BASE;
        boolean ooo = Math.floorMod(off, STEP) != 0;
        long k = ooo ? (off + STEP / 2) / STEP : off / STEP;
        if (v == ROLLED_BACK || (ooo && Math.floorMod(off, STEP) != STEP / 2) || v != value(g, k, ooo)) {
            throw new AssertionError(l + ": unexpected sample " + t + "=" + v);
        }
    }

    private static void assertEverythingCommitted(Db db, AtomicLongArray committed, boolean ooo) {
        Map<Labels, List<S>> all = query(db, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("__name__", "iso"));
        assertEquals(GROUPS * SERIES, all.size());
        for (int g = 0; g < GROUPS; g++) {
            List<S> want = new ArrayList<>();
            for (long k = 0; k <= committed.get(g); k++) {
                if (ooo && k > 0) {
                    want.add(S.of(outOfOrderT(k), value(g, k, true)));
                }
                want.add(S.of(inOrderT(k), value(g, k, false)));
            }
            for (int i = 0; i < SERIES; i++) {
                List<S> got = all.get(series(g, i));
                if (!want.equals(got)) {
                    List<S> missing = new ArrayList<>(want);
                    missing.removeAll(got);
                    List<S> extra = new ArrayList<>(got);
                    extra.removeAll(want);
                    throw new AssertionError(series(g, i) + ": " + missing.size() + " samples missing"
                            + (missing.isEmpty() ? "" : " (first " + missing.get(0) + ")") + ", " + extra.size()
                            + " unexpected" + (extra.isEmpty() ? "" : " (first " + extra.get(0) + ")"));
                }
            }
        }
    }

    // ---- the rules, one at a time

    private static final Labels A = Labels.of("__name__", "a");

    private static Labels many(int i) {
        return Labels.of("__name__", "batch", "i", Integer.toString(i));
    }

    @Test
    void commitsInProgressOrLaterAreInvisibleAndCompletedOnesVisible() throws IOException {
        try (Db db = open(0)) {
            Appender first = db.appender();
            for (int i = 0; i < 50; i++) {
                first.append(0, many(i), 1000, i);
            }
            Querier during = db.querier(0, Long.MAX_VALUE);
            first.commit();
            // opened while the batch was uncommitted: none of it, not even its new series
            assertEquals(Map.of(), read(during));
            Querier after = db.querier(0, Long.MAX_VALUE);
            Appender later = db.appender();
            for (int i = 0; i < 50; i++) {
                later.append(0, many(i), 2000, -i);
            }
            later.commit();
            Map<Labels, List<S>> got = read(after);
            assertEquals(50, got.size());
            for (int i = 0; i < 50; i++) {
                assertEquals(List.of(S.of(1000, i)), got.get(many(i)));
            }
            during.close();
            after.close();
            assertEquals(List.of(S.of(1000, 7), S.of(2000, -7)), query(db, 0, Long.MAX_VALUE,
                    Matcher.equal("__name__", "batch")).get(many(7)));
        }
    }

    @Test
    void rolledBackBatchesAreNeverVisible() throws IOException {
        try (Db db = open(0)) {
            Appender a = db.appender();
            a.append(0, A, 1000, 1);
            a.commit();
            Appender doomed = db.appender();
            doomed.append(0, A, 2000, 2);
            for (int i = 0; i < 20; i++) {
                doomed.append(0, many(i), 2000, i);
            }
            Querier during = db.querier(0, Long.MAX_VALUE);
            doomed.rollback();
            Querier after = db.querier(0, Long.MAX_VALUE);
            assertEquals(Map.of(A, List.of(S.of(1000, 1))), read(during));
            assertEquals(Map.of(A, List.of(S.of(1000, 1))), read(after));
            during.close();
            after.close();
            // the next batch may write those timestamps again
            Appender again = db.appender();
            again.append(0, A, 2000, 3);
            again.commit();
            assertEquals(Map.of(A, List.of(S.of(1000, 1), S.of(2000, 3))),
                    query(db, 0, Long.MAX_VALUE, TestUtil.all()));
        }
    }

    @Test
    void batchCuttingChunksIntoTheChunkFilesIsHiddenWhole() throws IOException {
        try (Db db = open(0)) {
            Appender a = db.appender();
            for (int t = 0; t < 100; t++) {
                a.append(0, A, t * 1000L, t);
            }
            a.commit();
            Querier before = db.querier(0, Long.MAX_VALUE);
            Appender big = db.appender();
            for (int t = 100; t < 1000; t++) {
                big.append(0, A, t * 1000L, t);
            }
            big.commit();
            assertTrue(db.head().stats().chunksCreated.sum() >= 4, "the batch cut chunks");
            List<S> first = new ArrayList<>();
            for (int t = 0; t < 100; t++) {
                first.add(S.of(t * 1000L, t));
            }
            assertEquals(Map.of(A, first), read(before));
            before.close();
            assertEquals(1000, query(db, 0, Long.MAX_VALUE, TestUtil.all()).get(A).size());
        }
    }

    @Test
    void outOfOrderSamplesOfACommitInProgressAreHidden() throws IOException {
        try (Db db = open(H)) {
            Appender a = db.appender();
            a.append(0, A, 10_000, 1);
            a.append(0, A, 20_000, 2);
            a.commit();
            Appender late = db.appender();
            late.append(0, A, 15_000, 3);
            late.append(0, A, 25_000, 4);
            Querier during = db.querier(0, Long.MAX_VALUE);
            late.commit();
            assertEquals(Map.of(A, List.of(S.of(10_000, 1), S.of(20_000, 2))), read(during));
            during.close();
            assertEquals(Map.of(A, List.of(S.of(10_000, 1), S.of(15_000, 3), S.of(20_000, 2), S.of(25_000, 4))),
                    query(db, 0, Long.MAX_VALUE, TestUtil.all()));
        }
    }

    @Test
    void headCompactionWaitsForAppendersThatMayWriteIntoItsRange() throws Exception {
        try (Db db = open(0)) {
            Appender a = db.appender();
            a.append(0, A, 1000, 1);
            a.commit();
            // may still write in order anywhere after the head's newest sample minus half a block range
            Appender open = db.appender();
            open.append(0, A, 2000, 2);
            open.append(0, many(1), 1500, 3);
            CompletableFuture<Void> compaction = CompletableFuture.runAsync(() -> {
                try {
                    db.compactHead(0, 2 * H);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(compaction.isDone(), "compaction cut the block while an appender could still write into it");
            // appenders opened meanwhile may no longer write there
            Appender tooLate = db.appender();
            assertEquals(AppendException.Reason.OUT_OF_BOUNDS,
                    assertThrows(AppendException.class, () -> tooLate.append(0, A, 3000, 9)).reason());
            tooLate.rollback();
            open.commit();
            compaction.get(30, TimeUnit.SECONDS);
            assertEquals(1, db.blocks().size());
            assertEquals(0, db.head().numSeries());
            assertEquals(Map.of(A, List.of(S.of(1000, 1), S.of(2000, 2)), many(1), List.of(S.of(1500, 3))),
                    query(db, 0, Long.MAX_VALUE, Matcher.regex("__name__", "a|batch")));
        }
    }

    @Test
    void headTruncationWaitsForQueriersOpenedBeforeTheBlock() throws Exception {
        try (Db db = open(0)) {
            Appender a = db.appender();
            for (long t = 0; t < 4 * H; t += STEP) {
                a.append(0, A, t, t);
            }
            a.commit();
            Querier q = db.querier(0, Long.MAX_VALUE);
            CompletableFuture<Integer> compaction = CompletableFuture.supplyAsync(() -> {
                try {
                    return db.compact();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(compaction.isDone(), "the head was truncated under an open querier");
            // the querier has no block yet, so the head must still hold everything it may read
            assertEquals(4 * H / STEP, read(q).get(A).size());
            q.close();
            assertEquals(1, compaction.get(30, TimeUnit.SECONDS));
            assertEquals(4 * H / STEP, query(db, 0, Long.MAX_VALUE, TestUtil.all()).get(A).size());
        }
    }

    /** Reads everything a querier (kept open) returns. */
    private static Map<Labels, List<S>> read(Querier q) {
        Map<Labels, List<S>> out = new java.util.HashMap<>();
        SeriesSet ss = q.select(false, null, TestUtil.all());
        SampleIterator it = null;
        while (ss.next()) {
            it = ss.iterator(it);
            List<S> samples = new ArrayList<>();
            while (it.next() == ValueType.FLOAT) {
                samples.add(S.of(it.t(), it.v()));
            }
            out.put(ss.labels(), samples);
        }
        return out;
    }
}
