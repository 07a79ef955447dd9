package io.epimetheus.tsdb.format.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A growable byte buffer for building the binary records of the WAL, index and chunk files:
 * big-endian integers, Go-style varints and length-prefixed UTF-8 strings. Reused across records
 * ({@link #reset()}) so encoding allocates only when a record outgrows every earlier one.
 */
public final class EncBuf {

    private byte[] b;
    private int len;

    public EncBuf() {
        this(256);
    }

    public EncBuf(int capacity) {
        b = new byte[Math.max(16, capacity)];
    }

    public EncBuf reset() {
        len = 0;
        return this;
    }

    /** The number of bytes written. */
    public int len() {
        return len;
    }

    /** The backing array; valid bytes are {@code [0, len())}. */
    public byte[] array() {
        return b;
    }

    /** A copy of the written bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(b, len);
    }

    /** Drops everything after the first {@code n} bytes. */
    public void truncate(int n) {
        len = n;
    }

    private void ensure(int extra) {
        if (len + extra > b.length) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, len + extra));
        }
    }

    public EncBuf putByte(int v) {
        ensure(1);
        b[len++] = (byte) v;
        return this;
    }

    public EncBuf putBytes(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, b, len, n);
        len += n;
        return this;
    }

    public EncBuf putBE16(int v) {
        ensure(2);
        b[len++] = (byte) (v >>> 8);
        b[len++] = (byte) v;
        return this;
    }

    public EncBuf putBE32(int v) {
        ensure(4);
        ByteOrderAccess.putIntBE(b, len, v);
        len += 4;
        return this;
    }

    public EncBuf putBE64(long v) {
        ensure(8);
        ByteOrderAccess.putLongBE(b, len, v);
        len += 8;
        return this;
    }

    /** Overwrites 4 bytes at {@code pos} (for lengths known only after the body). */
    public void setBE32(int pos, int v) {
        ByteOrderAccess.putIntBE(b, pos, v);
    }

    public EncBuf putUvarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            b[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[len++] = (byte) v;
        return this;
    }

    /** Zig-zag signed varint, as Go's {@code binary.PutVarint}. */
    public EncBuf putVarint(long v) {
        return putUvarint((v << 1) ^ (v >> 63));
    }

    /** A string as its UTF-8 byte length (uvarint) followed by the bytes. */
    public EncBuf putUvarintStr(String s) {
        int n = Utf8.encodedLength(s);
        putUvarint(n);
        ensure(n);
        len = Utf8.encode(s, b, len);
        return this;
    }

    /** Raw UTF-8 bytes of a string, without a length. */
    public EncBuf putUtf8(String s) {
        ensure(Utf8.encodedLength(s));
        len = Utf8.encode(s, b, len);
        return this;
    }

    /** Pads with zero bytes until {@code len() % align == 0}. */
    public EncBuf padTo(int align) {
        int rem = len % align;
        if (rem != 0) {
            int n = align - rem;
            ensure(n);
            Arrays.fill(b, len, len + n, (byte) 0);
            len += n;
        }
        return this;
    }

    /** Appends the CRC32C (Castagnoli) of bytes {@code [from, len())}, big-endian. */
    public EncBuf putCrc32cOf(int from) {
        CRC32C crc = new CRC32C();
        crc.update(b, from, len - from);
        return putBE32((int) crc.getValue());
    }

    @Override
    public String toString() {
        return new String(b, 0, len, StandardCharsets.ISO_8859_1);
    }
}
