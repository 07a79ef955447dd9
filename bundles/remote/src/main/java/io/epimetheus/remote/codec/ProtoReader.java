package io.epimetheus.remote.codec;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over protobuf wire-format bytes in an array, for hand-written decoders that walk a
 * message without materialising it. Nested messages are read by {@link #pushLimit(int) narrowing}
 * the window to the field's length and {@link #popLimit restoring} it afterwards. Every read checks
 * bounds and reports malformed input as a {@link ProtoException} with the byte position.
 *
 * <p>Not thread-safe; reusable through {@link #reset}.
 */
public final class ProtoReader {

    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LEN = 2;
    public static final int FIXED32 = 5;

    private byte[] buf;
    private int pos;
    private int limit;

    public ProtoReader reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.limit = off + len;
        return this;
    }

    public byte[] buffer() {
        return buf;
    }

    public int position() {
        return pos;
    }

    public void position(int p) {
        pos = p;
    }

    public int limit() {
        return limit;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    /** The next tag ({@code field << 3 | wireType}), or 0 at the end of the window. */
    public int readTag() {
        if (pos >= limit) {
            return 0;
        }
        long t = readVarint64();
        if (t >>> 3 == 0 || t > 0xFFFF_FFFFL) {
            throw error("invalid field tag " + t);
        }
        return (int) t;
    }

    public long readVarint64() {
        long x = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw error("truncated varint");
            }
            byte b = buf[pos++];
            x |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return x;
            }
        }
        throw error("varint longer than 10 bytes");
    }

    /** A varint that must fit an unsigned 32-bit range, as a non-negative {@code int}. */
    public int readVarint32() {
        long v = readVarint64();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw error("value " + Long.toUnsignedString(v) + " out of range");
        }
        return (int) v;
    }

    public long readFixed64() {
        if (limit - pos < 8) {
            throw error("truncated fixed64");
        }
        byte[] b = buf;
        int p = pos;
        pos = p + 8;
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24
                | (b[p + 4] & 0xFFL) << 32 | (b[p + 5] & 0xFFL) << 40 | (b[p + 6] & 0xFFL) << 48
                | (b[p + 7] & 0xFFL) << 56;
    }

    public double readDouble() {
        return Double.longBitsToDouble(readFixed64());
    }

    /** Reads the length of a length-delimited field and checks that it fits the window. */
    public int readLength() {
        int n = readVarint32();
        if (n > limit - pos) {
            throw error("length " + n + " runs past the end of its message (" + (limit - pos) + " bytes left)");
        }
        return n;
    }

    /** Narrows the window to the next {@code len} bytes; returns the old limit for {@link #popLimit}. */
    public int pushLimit(int len) {
        int old = limit;
        limit = pos + len;
        return old;
    }

    /**
     * Narrows the window to the embedded message whose tag was just read (throws unless it is
     * length-delimited); returns the old limit for {@link #popLimit}.
     */
    public int enterMessage(int tag) {
        expect(tag, LEN);
        return pushLimit(readLength());
    }

    /** Skips to the end of the narrowed window and restores the outer one. */
    public void popLimit(int oldLimit) {
        pos = limit;
        limit = oldLimit;
    }

    /** A length-delimited field read as a UTF-8 string (allocates: for rare fields). */
    public String readString() {
        int n = readLength();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** Skips the value of a field of the given wire type. */
    public void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint64();
            case FIXED64 -> advance(8);
            case LEN -> {
                int n = readLength();
                pos += n;
            }
            case FIXED32 -> advance(4);
            default -> throw error("unsupported wire type " + wireType);
        }
    }

    /** Throws unless {@code tag} carries {@code wireType}. */
    public void expect(int tag, int wireType) {
        if ((tag & 7) != wireType) {
            throw error("field " + (tag >>> 3) + " has wire type " + (tag & 7) + ", expected " + wireType);
        }
    }

    private void advance(int n) {
        if (limit - pos < n) {
            throw error("truncated field");
        }
        pos += n;
    }

    public ProtoException error(String what) {
        return new ProtoException("malformed protobuf at byte " + pos + ": " + what);
    }
}
