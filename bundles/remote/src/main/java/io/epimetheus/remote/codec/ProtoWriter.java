package io.epimetheus.remote.codec;

import io.epimetheus.tsdb.format.encoding.Utf8;
import java.util.Arrays;

/**
 * A growable buffer that writes protobuf wire format. Callers compute nested message sizes up
 * front ({@link #varintSize}, {@link #stringFieldSize}) so every length prefix is written once, without
 * a second buffer. Strings are encoded to UTF-8 in place, without a temporary byte array.
 *
 * <p>Not thread-safe; reusable through {@link #reset()}.
 */
public final class ProtoWriter {

    private byte[] buf;
    private int pos;

    public ProtoWriter(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    public ProtoWriter reset() {
        pos = 0;
        return this;
    }

    public byte[] buffer() {
        return buf;
    }

    public int size() {
        return pos;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    public void tag(int field, int wireType) {
        varint((field << 3) | wireType);
    }

    public void varint(long v) {
        ensure(10);
        byte[] b = buf;
        int p = pos;
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        pos = p;
    }

    public void fixed64(long v) {
        ensure(8);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < 8; i++) {
            b[p + i] = (byte) (v >>> (8 * i));
        }
        pos = p + 8;
    }

    public void fixed32BigEndian(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    /** A varint field, omitted when zero (proto3 default). */
    public void varintField(int field, long v) {
        if (v != 0) {
            tag(field, ProtoReader.VARINT);
            varint(v);
        }
    }

    /** A double field, omitted when its bits are zero (proto3 default). */
    public void doubleField(int field, double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (bits != 0) {
            tag(field, ProtoReader.FIXED64);
            fixed64(bits);
        }
    }

    /** A string field, omitted when empty (proto3 default). */
    public void stringField(int field, String s) {
        if (!s.isEmpty()) {
            tag(field, ProtoReader.LEN);
            varint(Utf8.encodedLength(s));
            utf8(s);
        }
    }

    /** A bytes field from {@code b[off, off+len)}. */
    public void bytesField(int field, byte[] b, int off, int len) {
        tag(field, ProtoReader.LEN);
        varint(len);
        raw(b, off, len);
    }

    /** Starts a nested message field of {@code size} bytes; the caller writes exactly that many. */
    public void messageField(int field, int size) {
        tag(field, ProtoReader.LEN);
        varint(size);
    }

    public void raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** Writes the UTF-8 form of {@code s} (unpaired surrogates become {@code ?}, as in the JDK). */
    public void utf8(String s) {
        ensure(s.length() * 3);
        pos = Utf8.encode(s, buf, pos);
    }

    public static int varintSize(long v) {
        return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
    }

    /** The size of a string field with its tag (0 when empty, as it is then omitted). */
    public static int stringFieldSize(int field, String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int n = Utf8.encodedLength(s);
        return varintSize(field << 3) + varintSize(n) + n;
    }

    /** The size of a varint field with its tag (0 when the value is 0). */
    public static int varintFieldSize(int field, long v) {
        return v == 0 ? 0 : varintSize(field << 3) + varintSize(v);
    }

    /** The size of a double field with its tag (0 when the value's bits are 0). */
    public static int doubleFieldSize(int field, double v) {
        return Double.doubleToRawLongBits(v) == 0 ? 0 : varintSize(field << 3) + 8;
    }

    /** The size of a nested message field of {@code size} bytes, with tag and length. */
    public static int messageFieldSize(int field, int size) {
        return varintSize(field << 3) + varintSize(size) + size;
    }
}
