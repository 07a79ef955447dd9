package io.epimetheus.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.WalDir;
import io.epimetheus.tsdb.format.wal.WalFormat;
import io.epimetheus.tsdb.format.wal.WalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WAL truncation after head compaction with followers holding segments: held segments and the
 * series their samples refer to survive; a hold older than its bound or released does not keep
 * anything.
 */
class WalHoldTest {

    private static final long H = 3_600_000;
    private static final int SERIES = 50;
    private static final Labels GONE = Labels.of("__name__", "gone", "job", "short-lived");

    @TempDir
    Path dir;

    private static Db open(Path d, long holdMax) throws IOException {
        // Uncompressed 64 KiB segments: about 120 commits of 50 samples each per segment.
        return Db.open(new TsdbOptions(d, 0, 0, 2 * H, 2 * H, false, 64 << 10, false, 0, holdMax));
    }

    /** 4h of 15s scrapes of 50 series, and one series that stops after 1.5h. */
    private static void fill(Db db) {
        long[] refs = new long[SERIES];
        long goneRef = 0;
        for (long t = 0; t < 4 * H; t += 15_000) {
            Appender app = db.appender();
            for (int i = 0; i < SERIES; i++) {
                refs[i] = app.append(refs[i], Labels.of("__name__", "m", "i", Integer.toString(i)), t, t);
            }
            if (t < 3 * H / 2) {
                goneRef = app.append(goneRef, GONE, t, 1);
            }
            app.commit();
        }
    }

    /** The label sets of the series records in the last checkpoint. */
    private static Set<Labels> checkpointSeries(Path walDir) throws IOException {
        Path cp = WalDir.checkpointDir(walDir, WalDir.lastCheckpoint(walDir));
        List<Path> files = new ArrayList<>();
        for (int s : WalFormat.segments(cp)) {
            files.add(cp.resolve(WalFormat.segmentName(s)));
        }
        Set<Labels> out = new HashSet<>();
        try (WalReader r = new WalReader(files)) {
            while (r.next()) {
                if (Records.type(r.record(), r.length()) == Records.SERIES) {
                    Records.decodeSeries(r.record(), r.length(), new LabelsBuilder(), (ref, l) -> out.add(l));
                }
            }
        }
        return out;
    }

    @Test
    void withoutHoldsTwoThirdsOfTheSegmentsAreCheckpointed() throws IOException {
        try (Db db = open(dir, TsdbOptions.DEFAULT_WAL_HOLD_MAX)) {
            fill(db);
            WriteAheadLog.Segments before = db.segments();
            assertEquals(0, before.first());
            assertTrue(before.last() >= 6, "enough segments: " + before);
            db.compact();
            int wantLast = before.last() * 2 / 3;
            assertEquals(wantLast + 1, db.segments().first());
            assertEquals(wantLast, WalDir.lastCheckpoint(db.walDir()));
            assertFalse(checkpointSeries(db.walDir()).contains(GONE), "a series gone from the head is dropped");
        }
    }

    @Test
    void aHoldKeepsItsSegmentsAndTheSeriesTheyReferTo() throws IOException {
        try (Db db = open(dir, TsdbOptions.DEFAULT_WAL_HOLD_MAX)) {
            WriteAheadLog.Hold hold = db.hold("test follower", 0);
            fill(db);
            hold.advance(2);
            hold.advance(1); // a mark never goes back
            assertEquals(2, hold.segment());
            db.compact();
            assertEquals(2, db.segments().first(), "segments from the hold on are kept");
            assertEquals(1, WalDir.lastCheckpoint(db.walDir()));
            assertTrue(checkpointSeries(db.walDir()).contains(GONE),
                    "the series of samples in held segments stays in the checkpoint");

            // Released, the next truncation catches up.
            hold.close();
            hold.close();
            assertEquals(0, db.walHolds().size());
            Appender app = db.appender();
            for (long t = 4 * H; t < 6 * H; t += 15_000) {
                app.append(0, Labels.of("__name__", "m", "i", "0"), t, t);
            }
            app.commit();
            int cur = db.segments().last();
            db.compact();
            assertTrue(db.segments().first() > 2, "released: " + db.segments() + " after " + cur);
        }
    }

    @Test
    void aHoldKeepsNothingWrittenLongerAgoThanItsBound() throws IOException {
        try (Db db = open(dir, H)) {
            db.hold("stuck follower", 0);
            fill(db);
            WriteAheadLog.Segments before = db.segments();
            // Every segment but the one being written was last written 2h ago: older than the 1h bound.
            FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 2 * H);
            for (int s = before.first(); s < before.last(); s++) {
                Files.setLastModifiedTime(db.walDir().resolve(WalFormat.segmentName(s)), old);
            }
            db.compact();
            int wantLast = before.last() * 2 / 3;
            assertEquals(wantLast + 1, db.segments().first(), "the hold expired");
        }
    }

    @Test
    void theBoundNeverExceedsTheRetention() {
        TsdbOptions o = new TsdbOptions(dir, H, 0, 2 * H, 2 * H, false, 64 << 10, false, 0, 4 * H);
        assertEquals(H, o.effectiveWalHoldMillis());
        assertEquals(4 * H, o.withDir(dir).walHoldMaxMillis());
        assertEquals(4 * H, new TsdbOptions(dir, 0, 0, 2 * H, 2 * H, false, 64 << 10, false, 0, 4 * H)
                .effectiveWalHoldMillis());
    }
}
