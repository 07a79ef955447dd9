package io.epimetheus.tsdb.format.snappy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * Checks the pure-Java block codec against snappy-java, the reference implementation, both ways,
 * and round-trips random inputs of every size up to several 64 KiB fragments.
 */
class SnappyBlockTest {

    private static byte[][] inputs() {
        Random rnd = new Random(42);
        byte[] random = new byte[200_000];
        rnd.nextBytes(random);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("node_cpu_seconds_total{cpu=\"").append(i % 8).append("\",mode=\"idle\"} ")
                    .append(rnd.nextInt(1000)).append('\n');
        }
        byte[] runs = new byte[150_000];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = (byte) ((i / 1000) % 3);
        }
        byte[] mixed = new byte[70_001];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = (byte) (i % 7 == 0 ? rnd.nextInt() : i % 13);
        }
        return new byte[][] {new byte[0], {1}, "abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII),
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                    .getBytes(StandardCharsets.US_ASCII),
            random, text.toString().getBytes(StandardCharsets.UTF_8), runs, mixed};
    }

    @Test
    void ourEncodingDecodesWithSnappyJava() throws IOException {
        SnappyBlock enc = new SnappyBlock();
        for (byte[] in : inputs()) {
            byte[] out = new byte[SnappyBlock.maxEncodedLength(in.length)];
            int n = enc.encode(in, 0, in.length, out);
            assertArrayEquals(in, Snappy.uncompress(Arrays.copyOf(out, n)), "input of " + in.length + " bytes");
            byte[] back = new byte[SnappyBlock.decodedLength(out, 0, n)];
            SnappyBlock.decode(out, 0, n, back);
            assertArrayEquals(in, back);
        }
    }

    @Test
    void snappyJavaEncodingDecodesWithOurs() throws IOException {
        for (byte[] in : inputs()) {
            byte[] c = Snappy.compress(in);
            byte[] back = new byte[SnappyBlock.decodedLength(c, 0, c.length)];
            assertEquals(in.length, SnappyBlock.decode(c, 0, c.length, back));
            assertArrayEquals(in, back);
        }
    }

    @Test
    void compressesRepetitiveInput() {
        byte[] in = inputs()[5];
        byte[] out = new byte[SnappyBlock.maxEncodedLength(in.length)];
        int n = new SnappyBlock().encode(in, 0, in.length, out);
        assertTrue(n < in.length / 3, "expected at least 3x compression, got " + n + " of " + in.length);
    }

    @Test
    void rejectsCorruptInput() throws IOException {
        byte[] c = Snappy.compress(inputs()[5]);
        byte[] dst = new byte[SnappyBlock.decodedLength(c, 0, c.length)];
        // Truncated body.
        SnappyException e = assertThrows(SnappyException.class, () -> SnappyBlock.decode(c, 0, c.length / 2, dst));
        assertTrue(e.getMessage().startsWith("snappy: corrupt input"), e.getMessage());
        // Back-reference before the start of the output.
        byte[] bad = {10, 0x01 << 2 | 2, 100, 0};
        assertThrows(SnappyException.class, () -> SnappyBlock.decode(bad, 0, bad.length, new byte[10]));
        // Header longer than 5 bytes.
        byte[] hdr = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1};
        assertThrows(SnappyException.class, () -> SnappyBlock.decodedLength(hdr, 0, hdr.length));
        // Output longer than the header says.
        byte[] longer = {2, 4 << 2, 'a', 'b', 'c', 'd', 'e'};
        assertThrows(SnappyException.class, () -> SnappyBlock.decode(longer, 0, longer.length, new byte[8]));
    }

    @Test
    void randomInputsWithRepetitionRoundTrip() {
        Random r = new Random(9);
        SnappyBlock s = new SnappyBlock();
        for (int i = 0; i < 200; i++) {
            int n = r.nextInt(200_000);
            byte[] in = new byte[n];
            int alphabet = 1 + r.nextInt(255);
            for (int j = 0; j < n; j++) {
                in[j] = r.nextInt(3) == 0 && j > 10 ? in[j - 1 - r.nextInt(10)] : (byte) r.nextInt(alphabet);
            }
            byte[] enc = new byte[SnappyBlock.maxEncodedLength(n)];
            int m = s.encode(in, 0, n, enc);
            byte[] dec = new byte[n];
            assertEquals(n, SnappyBlock.decode(enc, 0, m, dec));
            assertArrayEquals(in, dec);
        }
    }
}
