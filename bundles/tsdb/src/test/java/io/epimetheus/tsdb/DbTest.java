package io.epimetheus.tsdb;

import static io.epimetheus.tsdb.TestUtil.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.tsdb.TestUtil.S;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbTest {

    @TempDir
    Path dir;

    private Db open() throws IOException {
        return Db.open(TsdbOptions.defaults(dir));
    }

    private static final Labels A = Labels.of("__name__", "up", "job", "a", "instance", "x:1");
    private static final Labels B = Labels.of("__name__", "up", "job", "b", "instance", "x:2");
    private static final Labels C = Labels.of("__name__", "http_requests_total", "job", "a", "code", "200");

    @Test
    void appendQueryAndRefs() throws IOException {
        try (Db db = open()) {
            Appender app = db.appender();
            long ra = app.append(0, A, 1000, 1);
            long rb = app.append(0, B, 1000, 2);
            assertNotEquals(0, ra);
            assertNotEquals(ra, rb);
            assertEquals(ra, app.append(ra, A, 2000, 3));
            app.commit();
            // not visible before commit, visible after
            Map<Labels, List<S>> got = query(db, 0, 10_000, Matcher.equal("__name__", "up"));
            assertEquals(List.of(A.compareTo(B) < 0 ? A : B, A.compareTo(B) < 0 ? B : A), List.copyOf(got.keySet()));
            assertEquals(List.of(S.of(1000, 1), S.of(2000, 3)), got.get(A));
            Appender app2 = db.appender();
            app2.append(ra, A, 3000, 4);
            assertEquals(2, query(db, 0, 10_000, Matcher.equal("job", "a")).get(A).size());
            app2.rollback();
            assertEquals(2, query(db, 0, 10_000, Matcher.equal("job", "a")).get(A).size());
            // time range is honoured
            assertEquals(List.of(S.of(2000, 3)), query(db, 1500, 2500, Matcher.equal("job", "a")).get(A));
        }
    }

    @Test
    void appendErrorsAsPrometheus() throws IOException {
        try (Db db = open()) {
            Appender app = db.appender();
            app.append(0, A, 10_000, 1);
            app.commit();
            Appender a2 = db.appender();
            AppendException ooo = assertThrows(AppendException.class, () -> a2.append(0, A, 9_000, 1));
            assertEquals(AppendException.Reason.OUT_OF_ORDER, ooo.reason());
            assertEquals("out of order sample", ooo.getMessage());
            AppendException dup = assertThrows(AppendException.class, () -> a2.append(0, A, 10_000, 2));
            assertEquals(AppendException.Reason.DUPLICATE, dup.reason());
            // same timestamp and value: silently accepted
            a2.append(0, A, 10_000, 1);
            // far in the past relative to the head's max time: out of bounds
            a2.append(0, B, 100_000_000, 1);
            a2.commit();
            Appender a3 = db.appender();
            AppendException oob = assertThrows(AppendException.class, () -> a3.append(0, C, 1_000, 1));
            assertEquals(AppendException.Reason.OUT_OF_BOUNDS, oob.reason());
            a3.rollback();
            assertEquals(1, db.head().stats().outOfBounds.sum());
            assertEquals(1, db.head().stats().outOfOrder.sum());
        }
    }

    @Test
    void staleNaNIsStoredBitExactAndSurvivesRestart() throws IOException {
        try (Db db = open()) {
            Appender app = db.appender();
            app.append(0, A, 1000, 5);
            app.append(0, A, 2000, StaleNaN.VALUE);
            app.append(0, A, 3000, Double.NaN);
            app.commit();
        }
        try (Db db = open()) {
            List<S> s = query(db, 0, 10_000, Matcher.equal("job", "a")).get(A);
            assertEquals(List.of(S.of(1000, 5), S.of(2000, StaleNaN.VALUE), S.of(3000, Double.NaN)), s);
            assertTrue(StaleNaN.is(Double.longBitsToDouble(s.get(1).bits())));
        }
    }

    @Test
    void restartReplaysWalWithManyChunks() throws IOException {
        int series = 200;
        int samples = 1000;
        try (Db db = open()) {
            long[] refs = new long[series];
            for (int i = 0; i < samples; i++) {
                Appender app = db.appender();
                for (int s = 0; s < series; s++) {
                    Labels l = Labels.of("__name__", "m", "i", Integer.toString(s));
                    refs[s] = app.append(refs[s], l, i * 15_000L, i * (double) s);
                }
                app.commit();
            }
        }
        try (Db db = open()) {
            assertEquals(series, db.head().numSeries());
            Map<Labels, List<S>> got = query(db, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("__name__", "m"));
            assertEquals(series, got.size());
            for (int s = 0; s < series; s++) {
                List<S> ss = got.get(Labels.of("__name__", "m", "i", Integer.toString(s)));
                assertEquals(samples, ss.size());
                for (int i = 0; i < samples; i++) {
                    assertEquals(S.of(i * 15_000L, i * (double) s), ss.get(i));
                }
            }
            // appends continue with fresh refs
            Appender app = db.appender();
            long r = app.append(0, Labels.of("__name__", "new"), samples * 15_000L, 1);
            assertTrue(r > series);
            app.commit();
        }
    }

    @Test
    void matchers() throws IOException {
        try (Db db = open()) {
            Appender app = db.appender();
            app.append(0, A, 1000, 1);
            app.append(0, B, 1000, 1);
            app.append(0, C, 1000, 1);
            app.commit();
            assertEquals(List.of(C), List.copyOf(query(db, 0, 2000, Matcher.regex("__name__", "http_.*")).keySet()));
            assertEquals(2, query(db, 0, 2000, Matcher.regex("job", "a|b"), Matcher.equal("__name__", "up")).size());
            assertEquals(List.of(B), List.copyOf(query(db, 0, 2000, Matcher.equal("__name__", "up"), Matcher.notEqual("job", "a")).keySet()));
            assertEquals(List.of(A, B), List.copyOf(query(db, 0, 2000, Matcher.equal("__name__", "up"), Matcher.equal("code", "")).keySet()));
            assertEquals(List.of(C), List.copyOf(query(db, 0, 2000, Matcher.notEqual("code", "")).keySet()));
            assertEquals(List.of(A), List.copyOf(query(db, 0, 2000, Matcher.regex("instance", "x:1|nope")).keySet()));
            assertEquals(List.of(A), List.copyOf(query(db, 0, 2000, Matcher.regex("job", "a"), Matcher.notRegex("code", "2.*")).keySet()));
            assertEquals(List.of(C), List.copyOf(query(db, 0, 2000, Matcher.regex("code", ".*0")).keySet()));
            try (var q = db.querier(0, 2000)) {
                assertEquals(List.of("a", "b"), q.labelValues("job", 0));
                assertEquals(List.of("a"), q.labelValues("job", 0, Matcher.equal("code", "200")));
                assertEquals(List.of("__name__", "code", "instance", "job"), q.labelNames(0));
            }
        }
    }

    @Test
    void lockFileStopsASecondInstance() throws IOException {
        try (Db db = open()) {
            StorageException e = assertThrows(StorageException.class, this::open);
            assertTrue(e.getMessage().contains("lock"), e.getMessage());
        }
        open().close();
    }

    @Test
    void closedDbFailsRetryably() throws IOException {
        Db db = open();
        Appender app = db.appender();
        app.append(0, A, 1, 1);
        db.close();
        StorageException e = assertThrows(StorageException.class, app::commit);
        assertTrue(e.isRetryable());
    }

    @Test
    void tornWalTailIsRepairedKeepingEverythingBeforeIt() throws IOException {
        try (Db db = open()) {
            for (int i = 0; i < 50; i++) {
                Appender app = db.appender();
                app.append(0, A, i * 1000L, i);
                app.commit();
            }
        }
        Path seg = dir.resolve("wal").resolve("00000000");
        long last = 0;
        try (io.epimetheus.tsdb.format.wal.WalReader r = new io.epimetheus.tsdb.format.wal.WalReader(List.of(seg))) {
            while (r.next()) {
                last = r.offset();
            }
        }
        // a crash in the middle of writing the last record
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(last + 10);
        }
        try (Db db = open()) {
            List<S> got = query(db, 0, Long.MAX_VALUE, Matcher.equal("job", "a")).get(A);
            assertEquals(49, got.size());
            for (int i = 0; i < 49; i++) {
                assertEquals(S.of(i * 1000L, i), got.get(i));
            }
            assertTrue(db.replayStatus().corruption().contains("00000000"), db.replayStatus().corruption());
            assertTrue(db.replayStatus().bytesDropped() > 0);
            assertEquals(1, db.stats.walCorruptions.sum());
            // the repaired log takes new data and replays cleanly
            Appender app = db.appender();
            app.append(0, A, 100_000, 1);
            app.commit();
        }
        try (Db db = open()) {
            assertEquals(null, db.replayStatus().corruption());
            assertEquals(50, query(db, 0, Long.MAX_VALUE, Matcher.equal("job", "a")).get(A).size());
        }
    }
}
