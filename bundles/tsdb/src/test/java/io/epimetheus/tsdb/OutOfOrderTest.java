package io.epimetheus.tsdb;

import static io.epimetheus.tsdb.TestUtil.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.tsdb.TestUtil.S;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The out-of-order window: late samples accepted, queried, persisted, compacted, replayed. */
class OutOfOrderTest {

    private static final long H = 3_600_000;
    private static final Labels L = Labels.of("__name__", "late", "job", "x");

    @TempDir
    Path dir;

    private Db open(long window) throws IOException {
        TsdbOptions d = TsdbOptions.defaults(dir);
        return Db.open(new TsdbOptions(dir, d.retentionMillis(), 0, 2 * H, d.maxBlockDuration(), true, 1 << 20, false,
                window));
    }

    private static void add(Db db, long t, double v) {
        Appender a = db.appender();
        a.append(0, L, t, v);
        a.commit();
    }

    @Test
    void rejectedWithoutWindow() throws IOException {
        try (Db db = open(0)) {
            add(db, 10 * H, 1);
            Appender a = db.appender();
            assertEquals(AppendException.Reason.OUT_OF_ORDER,
                    assertThrows(AppendException.class, () -> a.append(0, L, 10 * H - 1000, 1)).reason());
        }
    }

    @Test
    void lateSamplesWithinTheWindowAreKeptEverywhere() throws IOException {
        TreeMap<Long, Double> want = new TreeMap<>();
        try (Db db = open(3 * H)) {
            for (long t = 0; t < 10 * H; t += 60_000) {
                add(db, t, t);
                want.put(t, (double) t);
            }
            // late, within the window (newest is ~10h): accepted, also below the in-order head
            for (long t = 8 * H + 30_000; t < 9 * H; t += 120_000) {
                add(db, t, -t);
                want.put(t, (double) -t);
            }
            Appender a = db.appender();
            assertEquals(AppendException.Reason.TOO_OLD,
                    assertThrows(AppendException.class, () -> a.append(0, L, 6 * H, 1)).reason());
            a.rollback();
            assertEquals(expected(want), query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            assertTrue(db.head().stats().oooAppended.sum() > 0);
        }
        // replay restores the out-of-order buffer
        try (Db db = open(3 * H)) {
            assertEquals(expected(want), query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            db.compact();
            assertTrue(db.blocks().size() >= 2);
            // late samples below the persisted range: into out-of-order blocks, merged later
            long persisted = db.head().minValidTime();
            for (long t = persisted - H; t < persisted; t += 600_001) {
                add(db, t, 42);
                want.put(t, 42.0);
            }
            assertEquals(expected(want), query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            db.compact();
            assertEquals(expected(want), query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
        }
        try (Db db = open(3 * H)) {
            assertEquals(expected(want), query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            for (long t = 10 * H; t < 16 * H; t += 60_000) {
                add(db, t, 1);
                want.put(t, 1.0);
            }
            db.compact();
            assertEquals(expected(want), query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
        }
    }

    @Test
    void lateSamplesWithinMemoryMappedChunksSurviveARestart() throws IOException {
        TreeMap<Long, Double> want = new TreeMap<>();
        try (Db db = open(H)) {
            // in order, then late ones between them: full chunks go to the head chunk files
            for (long k = 0; k < 300; k++) {
                add(db, k * 60_000, k);
                want.put(k * 60_000, (double) k);
                if (k > 0) {
                    add(db, k * 60_000 - 30_000, -k);
                    want.put(k * 60_000 - 30_000, (double) -k);
                }
            }
            assertTrue(db.headChunksBytes() > 0);
            assertEquals(expected(want), query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
        }
        // the WAL replays the late samples although the loaded chunks cover their time
        try (Db db = open(H)) {
            assertEquals(expected(want), query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
        }
    }

    private static Map<Labels, List<S>> expected(TreeMap<Long, Double> want) {
        List<S> l = new ArrayList<>();
        want.forEach((t, v) -> l.add(S.of(t, v)));
        return Map.of(L, l);
    }
}
