package io.epimetheus.expfmt.proto;

import io.epimetheus.expfmt.ExpositionParseException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A cursor over one protobuf message in a byte array: reads tags, varints, fixed 64-bit values
 * and length prefixes, and skips unknown fields, checking every read against the end of the
 * message. A malformed message fails with an {@link ExpositionParseException} that says what was
 * being read and at which byte; the wording follows the Go protobuf decoder Prometheus uses
 * ({@code proto: wrong wireType = 1 for field Name}, {@code unexpected EOF}, ...). Reusable: one
 * instance per nesting level, reset for each message, so decoding allocates nothing.
 */
final class Wire {

    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int SGROUP = 3;
    static final int EGROUP = 4;
    static final int I32 = 5;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int pos;
    private int limit;
    /** The message type, for error messages ({@code Metric}, {@code LabelPair}, ...). */
    private String message;
    /** Where the last tag started. */
    private int tagAt;
    private int fieldEnd;

    /** Starts reading the message {@code buf[from, to)}, named {@code message} in errors. */
    Wire reset(byte[] buf, int from, int to, String message) {
        this.buf = buf;
        this.pos = from;
        this.limit = to;
        this.message = message;
        return this;
    }

    int position() {
        return pos;
    }

    boolean more() {
        return pos < limit;
    }

    /** Reads a field tag; field numbers below 1 and the wire types 6 and 7 are errors. */
    int tag() throws ExpositionParseException {
        int at = pos;
        tagAt = at;
        long t = varint();
        int wireType = (int) (t & 7);
        long field = t >>> 3;
        if (field <= 0 || field > 0x1FFFFFFF) {
            throw error("proto: " + message + ": illegal tag " + field + " (wire type " + wireType + ")", at);
        }
        if (wireType > I32) {
            throw error("proto: " + message + ": illegal wireType " + wireType, at);
        }
        return (int) t;
    }

    /** Checks that field {@code tag} has the wire type its schema gives it. */
    void expect(int tag, int wireType, String field) throws ExpositionParseException {
        if ((tag & 7) != wireType) {
            throw error("proto: wrong wireType = " + (tag & 7) + " for field " + field + " of " + message
                    + " (expected " + wireType + ")", tagAt);
        }
    }

    /** The VARINT field {@code field} whose tag was just read, its wire type checked. */
    long varint(int tag, String field) throws ExpositionParseException {
        expect(tag, VARINT, field);
        return varint();
    }

    /** The I64 field {@code field} whose tag was just read as a double, its wire type checked. */
    double fixed64(int tag, String field) throws ExpositionParseException {
        expect(tag, I64, field);
        return fixed64();
    }

    /** {@link #field(String)} of the field whose tag was just read, its wire type (LEN) checked. */
    int field(int tag, String field) throws ExpositionParseException {
        expect(tag, LEN, field);
        return field(field);
    }

    /** Skips the LEN field {@code field} whose tag was just read (a message not read), its wire type checked. */
    void skipField(int tag, String field) throws ExpositionParseException {
        expect(tag, LEN, field);
        skip(tag);
    }

    /** A base-128 varint of at most ten bytes. */
    long varint() throws ExpositionParseException {
        byte[] b = buf;
        int p = pos;
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= limit) {
                throw error("unexpected EOF: varint truncated at the end of " + message, p);
            }
            byte c = b[p++];
            v |= (long) (c & 0x7F) << shift;
            if (c >= 0) {
                pos = p;
                return v;
            }
        }
        throw error("proto: integer overflow: varint longer than ten bytes in " + message, pos);
    }

    /** A little-endian fixed 64-bit value read as a double. */
    double fixed64() throws ExpositionParseException {
        if (limit - pos < 8) {
            throw error("unexpected EOF: 8-byte value truncated at the end of " + message, pos);
        }
        long bits = (long) LONGS.get(buf, pos);
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    /**
     * The length prefix of a length-delimited field, checked to fit in the rest of the message;
     * the cursor is left at the first byte of the field's content.
     */
    int length(String field) throws ExpositionParseException {
        return length(field, 0);
    }

    /** {@link #length(String)} of a field named {@code field}, or when that is null, numbered {@code number}. */
    private int length(String field, int number) throws ExpositionParseException {
        int at = pos;
        long n = varint();
        if (n < 0 || n > limit - pos) {
            throw error("unexpected EOF: field " + (field != null ? field : "#" + number) + " of " + message
                    + " declares " + Long.toUnsignedString(n) + " bytes but only " + (limit - pos) + " remain", at);
        }
        return (int) n;
    }

    /**
     * Reads the length prefix of a length-delimited field and moves past its content; returns
     * where the content starts, {@link #fieldEnd()} where it ends.
     */
    int field(String field) throws ExpositionParseException {
        int n = length(field);
        int start = pos;
        pos += n;
        fieldEnd = pos;
        return start;
    }

    /** The end of the content of the last {@link #field}. */
    int fieldEnd() {
        return fieldEnd;
    }

    /** Skips the content of an unknown field whose tag was just read. */
    void skip(int tag) throws ExpositionParseException {
        int depth = 0;
        int wireType = tag & 7;
        while (true) {
            switch (wireType) {
                case VARINT -> varint();
                case I64 -> advance(8);
                case I32 -> advance(4);
                case LEN -> {
                    // Read the length before moving: "pos += length(...)" would add to the old pos.
                    int n = length(null, tag >>> 3);
                    pos += n;
                }
                case SGROUP -> depth++;
                default -> { // EGROUP
                    if (--depth < 0) {
                        throw error("proto: " + message + ": unexpected end of group", pos - 1);
                    }
                }
            }
            if (depth == 0) {
                return;
            }
            tag = tag();
            wireType = tag & 7;
        }
    }

    private void advance(int n) throws ExpositionParseException {
        if (limit - pos < n) {
            throw error("unexpected EOF: " + n + "-byte value truncated at the end of " + message, pos);
        }
        pos += n;
    }

    /**
     * An error at byte {@code offset} of the body. A binary body has no lines: the position is
     * line 1 and the column counts bytes.
     */
    static ExpositionParseException error(String reason, int offset) {
        return new ExpositionParseException(reason, 1, offset + 1, offset);
    }
}
