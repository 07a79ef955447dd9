package io.epimetheus.remote.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.tsdb.TsdbOptions;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.WalDir;
import io.epimetheus.tsdb.format.wal.WalFormat;
import io.epimetheus.tsdb.format.wal.WalWriter;
import io.epimetheus.tsdb.wal.WalHolds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following the WAL across segments and a checkpoint written by head truncation. */
class WalTailerTest {

    @TempDir
    Path dir;

    private static void series(WalWriter w, long ref, Labels l) throws Exception {
        EncBuf b = new EncBuf(256);
        Records.startSeries(b);
        Records.addSeries(b, ref, l);
        w.log(b.array(), b.len());
    }

    private static void sample(WalWriter w, int ref, long t) throws Exception {
        EncBuf b = new EncBuf(64);
        Records.samples(b, new int[] {ref}, new long[] {t}, new double[] {t}, 1);
        w.log(b.array(), b.len());
    }

    @Test
    void deliversEachRecordOnceAndForgetsSeriesDroppedByACheckpoint() throws Exception {
        Path wal = Files.createDirectories(dir.resolve("wal"));
        List<String> events = new ArrayList<>();
        WalTailer.Sink sink = new WalTailer.Sink() {
            @Override
            public void series(long ref, Labels labels, int segment) {
                events.add("series " + ref + " " + labels.metricName() + " @" + segment);
            }

            @Override
            public void checkpoint(int index) {
                events.add("checkpoint " + index);
            }

            @Override
            public boolean sample(long ref, long t, double v) {
                events.add("sample " + ref + " " + t);
                return true;
            }
        };
        WalHolds holds = new WalHolds(TsdbOptions.DEFAULT_WAL_HOLD_MAX);
        WriteAheadLog.Hold hold = holds.hold("test", 0);
        WalTailer tailer = new WalTailer(wal, hold, 10, null);
        try (WalWriter w = new WalWriter(wal, 1 << 20, true, false)) { // segment 0
            series(w, 1, Labels.of("__name__", "a"));
            series(w, 2, Labels.of("__name__", "b"));
            sample(w, 1, 5); // before the start time: skipped
            sample(w, 1, 10);
            tailer.poll(sink);
            sample(w, 2, 11);
        }
        try (WalWriter w = new WalWriter(wal, 1 << 20, true, false)) { // segment 1
            sample(w, 2, 12);
        }
        tailer.poll(sink);
        assertEquals(List.of("series 1 a @0", "series 2 b @0", "sample 1 10", "sample 2 11", "sample 2 12"), events);
        assertEquals(1, hold.segment(), "segment 0 is done: the hold moved on");
        events.clear();

        // Head truncation: checkpoint.00000001 keeps only series 2, segments 0 and 1 go away.
        Path cp = Files.createDirectories(WalDir.checkpointDir(wal, 1));
        try (WalWriter w = new WalWriter(cp, 1 << 20, true, false)) {
            series(w, 2, Labels.of("__name__", "b"));
        }
        try (WalWriter w = new WalWriter(wal, 1 << 20, true, false)) { // segment 2
            sample(w, 2, 13);
        }
        Files.delete(wal.resolve(WalFormat.segmentName(0)));
        Files.delete(wal.resolve(WalFormat.segmentName(1)));
        tailer.poll(sink);
        tailer.close();
        assertEquals(List.of("series 2 b @1", "checkpoint 1", "sample 2 13"), events);
        assertEquals(2, hold.segment());
    }

    @Test
    void aNewTailerResumesWhereTheLastOneStopped() throws Exception {
        Path wal = Files.createDirectories(dir.resolve("wal"));
        List<String> events = new ArrayList<>();
        int[] budget = {2};
        WalTailer.Sink sink = new WalTailer.Sink() {
            @Override
            public void series(long ref, Labels labels, int segment) {
                events.add("series " + ref);
            }

            @Override
            public void checkpoint(int index) {
                events.add("checkpoint " + index);
            }

            @Override
            public boolean sample(long ref, long t, double v) {
                if (budget[0] == 0) {
                    return false; // shutting down: this sample is not taken
                }
                budget[0]--;
                events.add("sample " + t);
                return true;
            }
        };
        try (WalWriter w = new WalWriter(wal, 1 << 20, true, false)) { // segment 0
            series(w, 1, Labels.of("__name__", "a"));
            sample(w, 1, 1);
        }
        try (WalWriter w = new WalWriter(wal, 1 << 20, true, false)) { // segment 1
            sample(w, 1, 2);
            sample(w, 1, 3);
            sample(w, 1, 4);
        }
        WalHolds holds = new WalHolds(TsdbOptions.DEFAULT_WAL_HOLD_MAX);
        WalTailer first = new WalTailer(wal, holds.hold("first", 0), 0, null);
        first.poll(sink);
        first.close();
        assertEquals(List.of("series 1", "sample 1", "sample 2"), events);
        WalTailer.Position at = first.position();
        assertEquals(1, at.segment());
        events.clear();

        budget[0] = 10;
        WalTailer second = new WalTailer(wal, holds.hold("second", 0), 0, at);
        second.poll(sink);
        second.close();
        assertEquals(List.of("series 1", "sample 3", "sample 4"), events, "series again, samples from where it stopped");
        assertEquals(1, second.position().segment());
        assertTrue(second.position().offset() > at.offset(), "moved past the last record delivered");

        // A position in another directory is not followed.
        events.clear();
        WalTailer other = new WalTailer(wal, holds.hold("other", 0), 0,
                new WalTailer.Position(dir.resolve("elsewhere"), 1, at.offset()));
        other.poll(sink);
        other.close();
        assertEquals(List.of("series 1", "sample 1", "sample 2", "sample 3", "sample 4"), events);
    }
}
