package io.epimetheus.tsdb.format.chunk;

import io.epimetheus.tsdb.format.encoding.ByteOrderAccess;
import java.util.Arrays;

/**
 * A Gorilla-style float chunk in Prometheus's XOR encoding (encoding byte 1): a big-endian 16-bit
 * sample count, the first timestamp as a varint and value as 64 raw bits, the second timestamp as
 * a uvarint delta, then delta-of-delta timestamps in 1/16/20/23/68-bit buckets and XOR-compressed
 * values. The bytes are exactly what Prometheus writes, so chunks move between our head, our
 * blocks and Prometheus's blocks unchanged.
 *
 * <p>Appending allocates only when the buffer grows (it doubles, starting small, and Prometheus
 * cuts chunks at about 1 KiB). Not thread-safe: the head guards each series' open chunk with the
 * series lock.
 */
public final class XorChunk {

    /** The encoding byte of XOR chunks in chunk files. */
    public static final int ENCODING = 1;
    /** Chunks are cut before they would exceed this many bytes (Prometheus's limit). */
    public static final int MAX_BYTES = 1024;
    /** A chunk this large is cut before the next append (room for one worst-case sample). */
    public static final int MAX_BYTES_BEFORE_APPEND = MAX_BYTES - 19;

    private byte[] b;
    private int bitLen; // bits written, including the 16-bit header
    private int num;
    private long t;
    private long vBits;
    private long tDelta;
    private int leading = 0xFF;
    private int trailing;

    public XorChunk() {
        this(32);
    }

    public XorChunk(int initialCapacity) {
        b = new byte[Math.max(16, initialCapacity)];
        bitLen = 16;
    }

    /** The number of samples. */
    public int numSamples() {
        return num;
    }

    /** The encoded length in bytes. */
    public int byteLength() {
        return (bitLen + 7) >>> 3;
    }

    /** The backing array: the chunk is its first {@link #byteLength()} bytes. */
    public byte[] array() {
        return b;
    }

    /** A copy of the encoded chunk, trimmed to its length. */
    public byte[] toBytes() {
        return Arrays.copyOf(b, byteLength());
    }

    /** Timestamp of the last sample appended. */
    public long lastT() {
        return t;
    }

    /** Value of the last sample appended. */
    public double lastV() {
        return Double.longBitsToDouble(vBits);
    }

    /** Empties the chunk for reuse, keeping its buffer. */
    public void reset() {
        Arrays.fill(b, 0, byteLength(), (byte) 0);
        bitLen = 16;
        num = 0;
        leading = 0xFF;
        trailing = 0;
        tDelta = 0;
    }

    /** Appends a sample; the caller guarantees {@code t} is greater than the last timestamp. */
    public void append(long ts, double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (num == 0) {
            writeVarint(ts);
            writeBits(bits, 64);
        } else if (num == 1) {
            long delta = ts - t;
            writeUvarint(delta);
            writeValue(bits);
            tDelta = delta;
        } else {
            long delta = ts - t;
            long dod = delta - tDelta;
            if (dod == 0) {
                writeBit0();
            } else if (fits(dod, 14)) {
                writeBits((0b10L << 14) | (dod & 0x3FFF), 16);
            } else if (fits(dod, 17)) {
                writeBits((0b110L << 17) | (dod & 0x1FFFF), 20);
            } else if (fits(dod, 20)) {
                writeBits((0b1110L << 20) | (dod & 0xFFFFF), 24);
            } else {
                writeBits(0b1111, 4);
                writeBits(dod, 64);
            }
            writeValue(bits);
            tDelta = delta;
        }
        t = ts;
        vBits = bits;
        num++;
        b[0] = (byte) (num >>> 8);
        b[1] = (byte) num;
    }

    /** Prometheus's asymmetric bucket test: {@code -(2^(n-1)-1) <= x <= 2^(n-1)}. */
    private static boolean fits(long x, int n) {
        long lim = 1L << (n - 1);
        return x >= -(lim - 1) && x <= lim;
    }

    private void writeValue(long bits) {
        long delta = bits ^ vBits;
        if (delta == 0) {
            writeBit0();
            return;
        }
        int lead = Long.numberOfLeadingZeros(delta);
        int trail = Long.numberOfTrailingZeros(delta);
        if (lead >= 32) {
            lead = 31;
        }
        if (leading != 0xFF && lead >= leading && trail >= trailing) {
            // control bits 10, then the meaningful bits inside the previous window
            int sig = 64 - leading - trailing;
            writeBits(0b10, 2);
            writeBits(delta >>> trailing, sig);
            return;
        }
        leading = lead;
        trailing = trail;
        int sig = 64 - lead - trail;
        // control bits 11, 5 bits of leading zeros, 6 bits of length (64 written as 0)
        writeBits((0b11L << 11) | ((long) lead << 6) | (sig & 0x3F), 13);
        writeBits(delta >>> trail, sig);
    }

    /** Keeps 9 bytes of zeroed room past the last written bit for {@link #writeBits}'s word writes. */
    private void ensureBits(int extra) {
        int needBytes = ((bitLen + extra) >>> 3) + 9;
        if (needBytes > b.length) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, needBytes));
        }
    }

    private void writeBit0() {
        ensureBits(1);
        bitLen++;
    }

    /**
     * Writes the low {@code n} bits of {@code v} (n in 1..64), most significant first, by OR-ing
     * one big-endian word (plus a spill byte) into the zeroed buffer.
     */
    private void writeBits(long v, int n) {
        ensureBits(n);
        int pos = bitLen;
        int idx = pos >>> 3;
        int off = pos & 7;
        long masked = n == 64 ? v : v & ((1L << n) - 1);
        if (off + n <= 64) {
            ByteOrderAccess.putLongBE(b, idx, ByteOrderAccess.getLongBE(b, idx) | (masked << (64 - off - n)));
        } else {
            int spill = off + n - 64;
            ByteOrderAccess.putLongBE(b, idx, ByteOrderAccess.getLongBE(b, idx) | (masked >>> spill));
            b[idx + 8] |= (byte) (masked << (8 - spill));
        }
        bitLen = pos + n;
    }

    private void writeUvarint(long v) {
        while ((v & ~0x7FL) != 0) {
            writeBits((v & 0x7F) | 0x80, 8);
            v >>>= 7;
        }
        writeBits(v, 8);
    }

    private void writeVarint(long v) {
        writeUvarint((v << 1) ^ (v >> 63));
    }
}
