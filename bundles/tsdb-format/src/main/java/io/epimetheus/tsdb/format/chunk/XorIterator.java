package io.epimetheus.tsdb.format.chunk;

import io.epimetheus.tsdb.format.encoding.ByteOrderAccess;
import io.epimetheus.tsdb.format.encoding.CorruptionException;

/**
 * Decodes an {@link XorChunk} from a byte array, sample by sample, without allocating. Reset it
 * onto another chunk to reuse it. A chunk that ends before its sample count says is reported as a
 * {@link CorruptionException}.
 */
public final class XorIterator {

    private byte[] b;
    private int bitPos;
    private int bitEnd;
    private int total;
    private int read;
    private long t;
    private long vBits;
    private long tDelta;
    private int leading;
    private int trailing;

    /** Positions the iterator before the first sample of the chunk in {@code b[off, off+len)}. */
    public XorIterator reset(byte[] data, int off, int len) {
        if (len < 2) {
            throw new CorruptionException("XOR chunk of " + len + " bytes is shorter than its header");
        }
        this.b = data;
        this.total = ((data[off] & 0xFF) << 8) | (data[off + 1] & 0xFF);
        this.bitPos = (off + 2) << 3;
        this.bitEnd = (off + len) << 3;
        this.read = 0;
        this.t = 0;
        this.vBits = 0;
        this.tDelta = 0;
        this.leading = 0;
        this.trailing = 0;
        return this;
    }

    /** The sample count the chunk header states. */
    public int numSamples() {
        return total;
    }

    /** Advances; {@code false} at the end of the chunk. */
    public boolean next() {
        if (read == total) {
            return false;
        }
        if (read == 0) {
            t = readVarint();
            vBits = readBits(64);
        } else if (read == 1) {
            tDelta = readUvarint();
            t += tDelta;
            readValue();
        } else {
            long dod;
            if (readBit() == 0) {
                dod = 0;
            } else if (readBit() == 0) {
                dod = signExtend(readBits(14), 14);
            } else if (readBit() == 0) {
                dod = signExtend(readBits(17), 17);
            } else if (readBit() == 0) {
                dod = signExtend(readBits(20), 20);
            } else {
                dod = readBits(64);
            }
            tDelta += dod;
            t += tDelta;
            readValue();
        }
        read++;
        return true;
    }

    public long t() {
        return t;
    }

    public double v() {
        return Double.longBitsToDouble(vBits);
    }

    /** Negative values come back as large unsigned ones: {@code > 2^(n-1)} means negative. */
    private static long signExtend(long bits, int n) {
        if (bits > (1L << (n - 1))) {
            bits -= 1L << n;
        }
        return bits;
    }

    private void readValue() {
        if (readBit() == 0) {
            return;
        }
        if (readBit() != 0) {
            leading = (int) readBits(5);
            int sig = (int) readBits(6);
            if (sig == 0) {
                sig = 64;
            }
            trailing = 64 - leading - sig;
        }
        int sig = 64 - leading - trailing;
        long delta = readBits(sig) << trailing;
        vBits ^= delta;
    }

    private int readBit() {
        if (bitPos >= bitEnd) {
            throw truncated();
        }
        int v = (b[bitPos >>> 3] >>> (7 - (bitPos & 7))) & 1;
        bitPos++;
        return v;
    }

    /** Reads {@code n} bits (1..64) most significant first. */
    private long readBits(int n) {
        if (bitPos + n > bitEnd) {
            throw truncated();
        }
        int idx = bitPos >>> 3;
        int off = bitPos & 7;
        bitPos += n;
        if (idx + 8 < b.length) {
            long word = ByteOrderAccess.getLongBE(b, idx);
            if (off + n <= 64) {
                return (word << off) >>> (64 - n);
            }
            int extra = off + n - 64; // 1..7 bits from the ninth byte
            long hi = (word << off) >>> (64 - n);
            return hi | ((b[idx + 8] & 0xFF) >>> (8 - extra));
        }
        long v = 0;
        int p = (idx << 3) + off;
        for (int i = 0; i < n; i++, p++) {
            v = (v << 1) | ((b[p >>> 3] >>> (7 - (p & 7))) & 1);
        }
        return v;
    }

    private long readUvarint() {
        long x = 0;
        int s = 0;
        for (int i = 0; i < 10; i++) {
            int c = (int) readBits(8);
            if (c < 0x80) {
                return x | ((long) c << s);
            }
            x |= (long) (c & 0x7F) << s;
            s += 7;
        }
        throw new CorruptionException("XOR chunk: varint overflows 64 bits");
    }

    private long readVarint() {
        long u = readUvarint();
        return (u >>> 1) ^ -(u & 1);
    }

    private CorruptionException truncated() {
        return new CorruptionException("XOR chunk ends after " + read + " of " + total + " samples");
    }
}
