package io.epimetheus.tsdb.format.encoding;

/**
 * A cursor over a byte array for decoding what {@link EncBuf} writes. Reading past the end or a
 * malformed varint throws {@link CorruptionException} naming the offset, so callers report where a
 * file is damaged instead of failing with an index error.
 */
public final class DecBuf {

    private byte[] b;
    private int pos;
    private int end;

    public DecBuf() {
        this(new byte[0], 0, 0);
    }

    public DecBuf(byte[] b, int off, int end) {
        reset(b, off, end);
    }

    public DecBuf reset(byte[] b, int off, int end) {
        this.b = b;
        this.pos = off;
        this.end = end;
        return this;
    }

    public int pos() {
        return pos;
    }

    public void pos(int p) {
        pos = p;
    }

    public int end() {
        return end;
    }

    public int remaining() {
        return end - pos;
    }

    public byte[] array() {
        return b;
    }

    private void need(int n) {
        if (end - pos < n) {
            throw new CorruptionException("unexpected end of data at offset " + pos + " (need " + n + " bytes, "
                    + (end - pos) + " left)");
        }
    }

    public int getByte() {
        need(1);
        return b[pos++] & 0xFF;
    }

    public int getBE16() {
        need(2);
        int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int getBE32() {
        need(4);
        int v = ByteOrderAccess.getIntBE(b, pos);
        pos += 4;
        return v;
    }

    public long getBE64() {
        need(8);
        long v = ByteOrderAccess.getLongBE(b, pos);
        pos += 8;
        return v;
    }

    public long getUvarint() {
        long x = 0;
        int s = 0;
        for (int i = 0; i < 10; i++) {
            need(1);
            int c = b[pos++] & 0xFF;
            if (c < 0x80) {
                if (i == 9 && c > 1) {
                    throw new CorruptionException("varint overflows 64 bits at offset " + (pos - 1));
                }
                return x | ((long) c << s);
            }
            x |= (long) (c & 0x7F) << s;
            s += 7;
        }
        throw new CorruptionException("varint overflows 64 bits at offset " + pos);
    }

    public int getUvarintInt() {
        long v = getUvarint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptionException("value " + Long.toUnsignedString(v) + " out of range at offset " + pos);
        }
        return (int) v;
    }

    public long getVarint() {
        long u = getUvarint();
        return (u >>> 1) ^ -(u & 1);
    }

    public String getUvarintStr() {
        int n = getUvarintInt();
        need(n);
        String s = Utf8.decode(b, pos, n);
        pos += n;
        return s;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }
}
