package io.epimetheus.tsdb.format.encoding;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A decoding cursor over a {@link ByteBuffer} (typically a read-only file mapping), reading with
 * absolute positions so one buffer can serve many cursors. Out-of-range reads throw {@link
 * CorruptionException} naming the offset.
 */
public final class BufDec {

    private final ByteBuffer b;
    private int pos;
    private int end;
    private byte[] scratch = new byte[64];

    public BufDec(ByteBuffer b) {
        this.b = b;
        this.end = b.limit();
    }

    public BufDec at(int p, int limit) {
        if (p < 0 || p > b.limit() || limit > b.limit() || limit < p) {
            throw new CorruptionException("offset " + p + " out of range (size " + b.limit() + ")");
        }
        pos = p;
        end = limit;
        return this;
    }

    public BufDec at(int p) {
        return at(p, b.limit());
    }

    public int pos() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(int n) {
        if (end - pos < n) {
            throw new CorruptionException("unexpected end of data at offset " + pos);
        }
    }

    public int byte1() {
        need(1);
        return b.get(pos++) & 0xFF;
    }

    public int be32() {
        need(4);
        int v = b.getInt(pos);
        pos += 4;
        return v;
    }

    public long be64() {
        need(8);
        long v = b.getLong(pos);
        pos += 8;
        return v;
    }

    public long uvarint() {
        long x = 0;
        int s = 0;
        for (int i = 0; i < 10; i++) {
            need(1);
            int c = b.get(pos++) & 0xFF;
            if (c < 0x80) {
                return x | ((long) c << s);
            }
            x |= (long) (c & 0x7F) << s;
            s += 7;
        }
        throw new CorruptionException("varint overflows 64 bits at offset " + pos);
    }

    public int uvarintInt() {
        long v = uvarint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptionException("value out of range at offset " + pos);
        }
        return (int) v;
    }

    public long varint() {
        long u = uvarint();
        return (u >>> 1) ^ -(u & 1);
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    /** A uvarint-length-prefixed UTF-8 string. */
    public String uvarintStr() {
        int n = uvarintInt();
        need(n);
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        b.get(pos, scratch, 0, n);
        pos += n;
        return Utf8.decode(scratch, 0, n);
    }

    /** CRC32C of {@code [from, from+len)}. */
    public int crc32c(int from, int len) {
        CRC32C crc = new CRC32C();
        ByteBuffer d = b.duplicate();
        d.position(from).limit(from + len);
        crc.update(d);
        return (int) crc.getValue();
    }
}
