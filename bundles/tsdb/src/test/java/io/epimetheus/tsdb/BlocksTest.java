package io.epimetheus.tsdb;

import static io.epimetheus.tsdb.TestUtil.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.tsdb.TestUtil.S;
import io.epimetheus.tsdb.block.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlocksTest {

    static final long H = 3_600_000;

    @TempDir
    Path dir;

    private Db open(long retention) throws IOException {
        TsdbOptions d = TsdbOptions.defaults(dir);
        return Db.open(new TsdbOptions(dir, retention, 0, d.minBlockDuration(), TsdbOptions.maxBlockFor(retention, 2 * H),
                true, 1 << 20, false, 0));
    }

    /** Appends {@code series} series every 15s over [from, to), returning the expected data. */
    static Map<Labels, List<S>> fill(Db db, int series, long from, long to) {
        Map<Labels, List<S>> want = new TreeMap<>();
        long[] refs = new long[series];
        for (long t = from; t < to; t += 15_000) {
            Appender app = db.appender();
            for (int s = 0; s < series; s++) {
                Labels l = Labels.of("__name__", s % 2 == 0 ? "even_metric" : "odd_metric", "series", Integer.toString(s),
                        "job", "test");
                double v = (t % 600_000 == 0 && s == 3) ? StaleNaN.VALUE : t / 1000.0 + s;
                refs[s] = app.append(refs[s], l, t, v);
                want.computeIfAbsent(l, k -> new ArrayList<>()).add(S.of(t, v));
            }
            app.commit();
        }
        return want;
    }

    @Test
    void headIsCutIntoBlocksAndEverythingStaysQueryable() throws IOException {
        Map<Labels, List<S>> want;
        try (Db db = open(TsdbOptions.DEFAULT_RETENTION)) {
            want = fill(db, 20, 0, 7 * H);
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            int written = db.compact();
            assertTrue(written >= 2, "blocks written: " + written);
            assertFalse(db.blocks().isEmpty());
            for (Block b : db.blocks()) {
                assertEquals(0, b.minTime() % (2 * H));
            }
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            // a range inside one block
            Map<Labels, List<S>> part = query(db, H, 3 * H, Matcher.equal("series", "4"));
            assertEquals(1, part.size());
            assertEquals(2 * 240 + 1, part.values().iterator().next().size());
        }
        try (Db db = open(TsdbOptions.DEFAULT_RETENTION)) {
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            // appends below the persisted range are out of bounds
            Appender a = db.appender();
            assertEquals(io.epimetheus.api.storage.AppendException.Reason.OUT_OF_BOUNDS,
                    org.junit.jupiter.api.Assertions.assertThrows(io.epimetheus.api.storage.AppendException.class,
                            () -> a.append(0, Labels.of("__name__", "late"), 1000, 1)).reason());
            a.rollback();
        }
    }

    @Test
    void leveledCompactionMergesBlocksAndRecordsLineage() throws IOException {
        try (Db db = open(TsdbOptions.DEFAULT_RETENTION)) {
            Map<Labels, List<S>> want = fill(db, 5, 0, 16 * H);
            db.compact();
            List<Block> bs = db.blocks();
            assertTrue(bs.stream().anyMatch(b -> b.meta().level() >= 2), "some block was compacted: " + bs);
            Block big = bs.stream().filter(b -> b.meta().level() >= 2).findFirst().orElseThrow();
            // Ranges grow by 3x per level: 6h from three 2h blocks, 18h windows from 6h blocks.
            assertEquals(0, (big.maxTime() - big.minTime()) % (6 * H), big.toString());
            assertEquals((big.maxTime() - big.minTime()) / (2 * H), big.meta().sources().size());
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            // parents are gone from disk
            for (var p : big.meta().parents()) {
                assertFalse(Files.exists(dir.resolve(p.ulid())));
            }
        }
    }

    @Test
    void deleteSeriesAndCleanTombstones() throws IOException {
        try (Db db = open(TsdbOptions.DEFAULT_RETENTION)) {
            Map<Labels, List<S>> want = fill(db, 4, 0, 7 * H);
            db.compact();
            db.deleteSeries(H, 5 * H, Matcher.equal("series", "1"));
            for (Map.Entry<Labels, List<S>> e : want.entrySet()) {
                if (e.getKey().get("series").equals("1")) {
                    e.getValue().removeIf(s -> s.t() >= H && s.t() <= 5 * H);
                }
            }
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            db.cleanTombstones();
            assertTrue(db.blocks().stream().allMatch(b -> b.tombstones().isEmpty()));
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
        }
        try (Db db = open(TsdbOptions.DEFAULT_RETENTION)) {
            assertEquals(4, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()).size());
        }
    }

    @Test
    void retentionDropsOldBlocks() throws IOException {
        try (Db db = open(6 * H)) {
            fill(db, 2, 0, 20 * H);
            db.compact();
            long oldest = db.blocks().get(0).minTime();
            assertTrue(oldest >= 6 * H, "oldest block starts at " + oldest / H + "h: " + db.blocks());
            assertTrue(db.stats.timeRetentions.sum() > 0);
        }
    }

    @Test
    void snapshotIsAnOpenableDataDirectory() throws IOException {
        Map<Labels, List<S>> want;
        Path snap = dir.resolveSibling(dir.getFileName() + "-snap");
        try (Db db = open(TsdbOptions.DEFAULT_RETENTION)) {
            want = fill(db, 3, 0, 5 * H);
            db.compact();
            assertTrue(db.snapshot(snap, false) >= 2);
        }
        TsdbOptions o = TsdbOptions.defaults(snap);
        try (Db db = Db.open(o)) {
            assertEquals(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
        }
    }
}
