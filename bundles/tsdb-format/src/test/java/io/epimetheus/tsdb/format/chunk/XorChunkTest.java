package io.epimetheus.tsdb.format.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.tsdb.format.encoding.CorruptionException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XorChunkTest {

    private static void roundTrip(long[] ts, double[] vs) {
        XorChunk c = new XorChunk();
        for (int i = 0; i < ts.length; i++) {
            c.append(ts[i], vs[i]);
        }
        assertEquals(ts.length, c.numSamples());
        byte[] bytes = c.toBytes();
        XorIterator it = new XorIterator().reset(bytes, 0, bytes.length);
        for (int i = 0; i < ts.length; i++) {
            assertTrue(it.next(), "sample " + i);
            assertEquals(ts[i], it.t(), "t of sample " + i);
            assertEquals(Double.doubleToRawLongBits(vs[i]), Double.doubleToRawLongBits(it.v()), "v of sample " + i);
        }
        assertFalse(it.next());
    }

    @Test
    void regularScrapesCompressWell() {
        int n = 120;
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + i * 15_000L;
            vs[i] = 1000 + i;
        }
        roundTrip(ts, vs);
        XorChunk c = new XorChunk();
        for (int i = 0; i < n; i++) {
            c.append(ts[i], vs[i]);
        }
        // 120 samples of a counter at a fixed interval: a couple of bytes per sample at most
        assertTrue(c.byteLength() < 2 * n, "chunk of " + c.byteLength() + " bytes");
    }

    @Test
    void everyTimestampBucketAndSpecialValues() {
        // Deltas vary so delta-of-deltas land in every bucket, positive and negative.
        long[] deltas = {1, 1, 2, 8191, 100, 65000, 10, 500_000, 3, 1L << 40, 3, 3, 3};
        long[] ts = new long[deltas.length + 1];
        double[] vs = new double[ts.length];
        ts[0] = -5_000;
        double[] specials = {0.0, -0.0, Double.NaN, StaleNaN.VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, 1.5, 1.5, 1e-300, -7, 42, 42};
        long t = ts[0];
        for (int i = 0; i < deltas.length; i++) {
            t += deltas[i];
            ts[i + 1] = t;
        }
        for (int i = 0; i < vs.length; i++) {
            vs[i] = specials[i % specials.length];
        }
        roundTrip(ts, vs);
    }

    @Test
    void randomData() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = 1 + rnd.nextInt(300);
            long[] ts = new long[n];
            double[] vs = new double[n];
            long t = rnd.nextLong() >> 20;
            for (int i = 0; i < n; i++) {
                t += 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(1 << rnd.nextInt(31)) : 15_000);
                ts[i] = t;
                vs[i] = switch (rnd.nextInt(5)) {
                    case 0 -> rnd.nextGaussian();
                    case 1 -> i > 0 ? vs[i - 1] : 1;
                    case 2 -> rnd.nextInt(1000);
                    case 3 -> Double.longBitsToDouble(rnd.nextLong());
                    default -> StaleNaN.VALUE;
                };
            }
            roundTrip(ts, vs);
        }
    }

    @Test
    void staleMarkerKeepsItsBits() {
        roundTrip(new long[] {1, 2, 3}, new double[] {StaleNaN.VALUE, Double.NaN, StaleNaN.VALUE});
    }

    @Test
    void truncatedChunkIsCorruption() {
        XorChunk c = new XorChunk();
        for (int i = 0; i < 50; i++) {
            c.append(i * 1000L, Math.sqrt(i));
        }
        byte[] bytes = Arrays.copyOf(c.toBytes(), c.byteLength() / 2);
        XorIterator it = new XorIterator().reset(bytes, 0, bytes.length);
        assertThrows(CorruptionException.class, () -> {
            while (it.next()) {
                // drain
            }
        });
    }

    /** The exact bytes of a small chunk, checked by hand against Prometheus's encoding. */
    @Test
    void knownEncoding() {
        XorChunk c = new XorChunk();
        c.append(1000, 1.0);
        c.append(2000, 1.0);
        c.append(3000, 2.0);
        byte[] b = c.toBytes();
        // header: 3 samples
        assertEquals(0, b[0]);
        assertEquals(3, b[1]);
        // t0 = 1000 as zig-zag varint: 2000 = 0xD0 0x0F
        assertEquals((byte) 0xD0, b[2]);
        assertEquals((byte) 0x0F, b[3]);
        // v0 = 1.0 = 0x3FF0000000000000
        assertEquals((byte) 0x3F, b[4]);
        assertEquals((byte) 0xF0, b[5]);
        // delta 1000 as uvarint: 0xE8 0x07
        assertEquals((byte) 0xE8, b[12]);
        assertEquals((byte) 0x07, b[13]);
        // then: value unchanged '0', dod 0 '0', value xor of 2.0^1.0 = 0x7FF0... with control '11'
        // 0b0 0b0 0b11 ...
        assertEquals(0b0011, (b[14] & 0xFF) >>> 4);
    }
}
