package io.epimetheus.tsdb.format.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment reader following segments written by the WAL writer while they grow. */
class SegmentReaderTest {

    @TempDir
    Path dir;

    private static List<byte[]> records(int n, Random rnd) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Small, page-spanning and compressible records.
            int len = i % 10 == 0 ? 40_000 + rnd.nextInt(60_000) : 1 + rnd.nextInt(300);
            byte[] b = new byte[len];
            if (i % 3 == 0) {
                rnd.nextBytes(b);
            } else {
                Arrays.fill(b, (byte) i);
            }
            b[0] = (byte) i;
            out.add(b);
        }
        return out;
    }

    @Test
    void readsRecordsAsTheyAreWritten() throws Exception {
        for (boolean compress : new boolean[] {false, true}) {
            Path wal = Files.createDirectories(dir.resolve("wal-" + compress));
            List<byte[]> recs = records(200, new Random(7));
            try (WalWriter w = new WalWriter(wal, 64L << 20, compress, false)) {
                Path seg = wal.resolve(WalFormat.segmentName(w.currentSegment()));
                try (SegmentReader r = new SegmentReader(seg)) {
                    int read = 0;
                    for (int i = 0; i < recs.size(); i++) {
                        w.log(recs.get(i), recs.get(i).length);
                        if (i % 7 == 0) {
                            while (r.next(false)) {
                                assertArrayEquals(recs.get(read), Arrays.copyOf(r.record(), r.length()), "record " + read);
                                read++;
                            }
                            assertEquals(i + 1, read, "everything written so far is readable");
                        }
                    }
                    while (r.next(false)) {
                        assertArrayEquals(recs.get(read), Arrays.copyOf(r.record(), r.length()));
                        read++;
                    }
                    assertEquals(recs.size(), read);
                }
            }
        }
    }

    @Test
    void waitsAtATornTailAndResumesWhenItIsComplete() throws Exception {
        Path wal = Files.createDirectories(dir.resolve("wal"));
        List<byte[]> recs = records(30, new Random(3));
        Path seg;
        try (WalWriter w = new WalWriter(wal, 64L << 20, true, false)) {
            seg = wal.resolve(WalFormat.segmentName(w.currentSegment()));
            for (byte[] b : recs) {
                w.log(b, b.length);
            }
        }
        byte[] full = Files.readAllBytes(seg);
        Path copy = dir.resolve("copy");
        // Write the segment in uneven pieces, as a writer's flushes may land.
        Files.write(copy, Arrays.copyOf(full, 1000));
        try (SegmentReader r = new SegmentReader(copy)) {
            int read = 0;
            int at = 1000;
            Random rnd = new Random(1);
            while (at < full.length) {
                int next = Math.min(full.length, at + 1 + rnd.nextInt(20_000));
                Files.write(copy, Arrays.copyOfRange(full, at, next), StandardOpenOption.APPEND);
                at = next;
                while (r.next(false)) {
                    assertArrayEquals(recs.get(read), Arrays.copyOf(r.record(), r.length()));
                    read++;
                }
            }
            assertEquals(recs.size(), read);
            assertFalse(r.next(false));
        }
    }

    @Test
    void reportsDamage() throws Exception {
        Path wal = Files.createDirectories(dir.resolve("wal"));
        Path seg;
        try (WalWriter w = new WalWriter(wal, 64L << 20, false, false)) {
            seg = wal.resolve(WalFormat.segmentName(w.currentSegment()));
            w.log(new byte[] {1, 2, 3, 4, 5}, 5);
        }
        byte[] b = Files.readAllBytes(seg);
        b[8] ^= 0x55; // inside the data: checksum mismatch
        Files.write(seg, b);
        try (SegmentReader r = new SegmentReader(seg)) {
            WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> r.next(false));
            assertEquals(0, e.offset());
            assertTrue(e.getMessage().endsWith("checksum mismatch"), e.getMessage());
        }
    }

    @Test
    void aNewReaderContinuesFromAPosition() throws Exception {
        Path wal = Files.createDirectories(dir.resolve("wal"));
        List<byte[]> recs = records(60, new Random(11));
        Path seg;
        try (WalWriter w = new WalWriter(wal, 64L << 20, true, false)) {
            seg = wal.resolve(WalFormat.segmentName(w.currentSegment()));
            for (byte[] b : recs) {
                w.log(b, b.length);
            }
        }
        long at;
        try (SegmentReader r = new SegmentReader(seg)) {
            for (int i = 0; i < 25; i++) {
                assertTrue(r.next(true));
            }
            at = r.position();
            assertTrue(at > r.offset());
        }
        try (SegmentReader r = new SegmentReader(seg, at)) {
            int read = 25;
            while (r.next(true)) {
                assertArrayEquals(recs.get(read), Arrays.copyOf(r.record(), r.length()), "record " + read);
                read++;
            }
            assertEquals(recs.size(), read);
        }
    }

    @Test
    void aRecordCutShortIsDamageInACompleteSegmentAndNotYetThereInAGrowingOne() throws Exception {
        Path wal = Files.createDirectories(dir.resolve("wal"));
        List<byte[]> recs = records(20, new Random(5));
        Path seg;
        try (WalWriter w = new WalWriter(wal, 64L << 20, false, false)) {
            seg = wal.resolve(WalFormat.segmentName(w.currentSegment()));
            for (byte[] b : recs) {
                w.log(b, b.length);
            }
        }
        byte[] full = Files.readAllBytes(seg);
        long lastStart;
        try (SegmentReader r = new SegmentReader(seg)) {
            int n = 0;
            while (r.next(true)) {
                n++;
            }
            assertEquals(recs.size(), n);
            lastStart = r.offset();
        }
        Files.write(seg, Arrays.copyOf(full, (int) lastStart + 10));
        try (SegmentReader r = new SegmentReader(seg)) {
            for (int i = 0; i < recs.size() - 1; i++) {
                assertTrue(r.next(false));
            }
            assertFalse(r.next(false), "the last record is not there yet");
            WalCorruptionException e = assertThrows(WalCorruptionException.class, () -> r.next(true));
            assertEquals(lastStart, e.offset());
            assertEquals(seg, e.segment());
            // The writer completes it: the reader, back at the last good record, reads it.
            Files.write(seg, full);
            assertTrue(r.next(false));
            assertArrayEquals(recs.get(recs.size() - 1), Arrays.copyOf(r.record(), r.length()));
            assertFalse(r.next(true));
        }
    }
}
