package io.epimetheus.tsdb.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.tsdb.format.wal.ChannelOpener;
import io.epimetheus.tsdb.format.wal.WalCorruptionException;
import io.epimetheus.tsdb.format.wal.WalDir;
import io.epimetheus.tsdb.format.wal.WalFormat;
import io.epimetheus.tsdb.format.wal.WalReader;
import io.epimetheus.tsdb.format.wal.WalWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL writer, replay reader and repair working together, on good and damaged segments. */
class WalTest {

    @TempDir
    Path dir;

    private static List<byte[]> randomRecords(Random r, int n) {
        List<byte[]> recs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(10);
                case 1 -> r.nextInt(1000);
                case 2 -> r.nextInt(40_000);
                default -> r.nextInt(100_000);
            };
            byte[] b = new byte[len];
            if (r.nextBoolean()) {
                r.nextBytes(b);
            } else {
                for (int j = 0; j < len; j++) {
                    b[j] = (byte) ("series_with_repetition_".charAt(j % 23) + (j / 1000));
                }
            }
            recs.add(b);
        }
        return recs;
    }

    private List<byte[]> readAll(Path d) throws IOException {
        List<Path> files = WalDir.replayFiles(d);
        List<byte[]> out = new ArrayList<>();
        try (WalReader r = new WalReader(files)) {
            while (r.next()) {
                out.add(Arrays.copyOf(r.record(), r.length()));
            }
        }
        return out;
    }

    @Test
    void roundTripWithAndWithoutCompression() throws IOException {
        for (boolean compress : new boolean[] {false, true}) {
            Path d = dir.resolve("wal-" + compress);
            List<byte[]> recs = randomRecords(new Random(1), 300);
            try (WalWriter w = new WalWriter(d, 1 << 18, compress, false)) {
                for (byte[] rec : recs) {
                    w.log(rec, rec.length);
                }
            }
            assertTrue(WalFormat.segments(d).size() > 3, "segments were cut");
            List<byte[]> got = readAll(d);
            assertEquals(recs.size(), got.size());
            for (int i = 0; i < recs.size(); i++) {
                assertArrayEquals(recs.get(i), got.get(i), "record " + i);
            }
        }
    }

    @Test
    void reopeningStartsANewSegmentAndKeepsOldRecords() throws IOException {
        try (WalWriter w = new WalWriter(dir, 1 << 20, true, false)) {
            w.log(new byte[] {1, 2, 3}, 3);
        }
        try (WalWriter w = new WalWriter(dir, 1 << 20, true, false)) {
            assertEquals(1, w.currentSegment());
            w.log(new byte[] {4}, 1);
        }
        List<byte[]> got = readAll(dir);
        assertEquals(2, got.size());
        assertArrayEquals(new byte[] {4}, got.get(1));
    }

    @Test
    void tornTailIsReportedAtTheRecordStartAndRepaired() throws IOException {
        List<byte[]> recs = randomRecords(new Random(3), 40);
        try (WalWriter w = new WalWriter(dir, 64 << 20, false, false)) {
            for (byte[] rec : recs) {
                w.log(rec, rec.length);
            }
        }
        Path seg = dir.resolve(WalFormat.segmentName(0));
        // Simulate a crash in the middle of the last record: cut the file inside it.
        long size = Files.size(seg);
        // find the start of the last record
        long lastStart;
        try (WalReader r = new WalReader(List.of(seg))) {
            long s = 0;
            while (r.next()) {
                s = r.offset();
            }
            lastStart = s;
        }
        long cut = lastStart + 5;
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(Math.min(cut, size));
        }
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> readAll(dir));
        assertEquals(lastStart, e.offset());
        long dropped = WalRepair.repair(e.segment(), e.offset());
        assertEquals(5, dropped);
        List<byte[]> got = readAll(dir);
        assertEquals(recs.size() - 1, got.size());
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(recs.get(i), got.get(i));
        }
    }

    @Test
    void flippedByteIsCorruptionAndLaterSegmentsAreDropped() throws IOException {
        List<byte[]> recs = randomRecords(new Random(5), 200);
        try (WalWriter w = new WalWriter(dir, 1 << 18, true, false)) {
            for (byte[] rec : recs) {
                w.log(rec, rec.length);
            }
        }
        List<Integer> segs = WalFormat.segments(dir);
        assertTrue(segs.size() >= 3);
        Path victim = dir.resolve(WalFormat.segmentName(segs.get(1)));
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
            f.seek(5000);
            int b = f.read();
            f.seek(5000);
            f.write(b ^ 0x55);
        }
        WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> readAll(dir));
        assertEquals(victim, e.segment());
        WalRepair.repair(e.segment(), e.offset());
        assertEquals(2, WalFormat.segments(dir).size());
        List<byte[]> got = readAll(dir);
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(recs.get(i), got.get(i));
        }
        assertTrue(got.size() < recs.size());
    }

    @Test
    void failedWriteLeavesNoTrace() throws IOException {
        FailingChannel.Switch sw = new FailingChannel.Switch();
        try (WalWriter w = new WalWriter(dir, 1 << 20, false, false, p -> new FailingChannel(ChannelOpener.DEFAULT.open(p), sw))) {
            w.log(new byte[] {1}, 1);
            sw.fail = true;
            assertThrows(IOException.class, () -> w.log(new byte[50_000], 50_000));
            sw.fail = false;
            w.log(new byte[] {2}, 1);
        }
        List<byte[]> got = readAll(dir);
        assertEquals(2, got.size());
        assertArrayEquals(new byte[] {2}, got.get(1));
        assertFalse(got.stream().anyMatch(b -> b.length == 50_000));
    }
}
