package io.epimetheus.remote.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.api.model.Labels;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.WalDir;
import io.epimetheus.tsdb.format.wal.WalFormat;
import io.epimetheus.tsdb.format.wal.WalWriter;
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
        WalTailer tailer = new WalTailer(wal, 10);
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
    }
}
