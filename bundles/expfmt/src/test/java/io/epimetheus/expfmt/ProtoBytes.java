package io.epimetheus.expfmt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-encodes protobuf messages for tests: tags, varints, doubles, strings and nested messages,
 * appended in the order written (so tests control field order, repetition and malformations).
 */
public final class ProtoBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A varint field. */
    public ProtoBytes varint(int field, long v) {
        tag(field, 0);
        return rawVarint(v);
    }

    /** A zigzag-encoded sint field. */
    public ProtoBytes sint(int field, long v) {
        return varint(field, (v << 1) ^ (v >> 63));
    }

    /** A double field (wire type 1). */
    public ProtoBytes fixed64(int field, double v) {
        tag(field, 1);
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)));
        }
        return this;
    }

    public ProtoBytes string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoBytes bytes(int field, byte[] b) {
        tag(field, 2);
        rawVarint(b.length);
        out.writeBytes(b);
        return this;
    }

    public ProtoBytes message(int field, ProtoBytes m) {
        return bytes(field, m.toByteArray());
    }

    public ProtoBytes tag(int field, int wireType) {
        return rawVarint((long) field << 3 | wireType);
    }

    public ProtoBytes rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    public ProtoBytes raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Messages as a delimited stream: each one prefixed with its length as a varint. */
    public static byte[] delimited(ProtoBytes... messages) {
        ProtoBytes s = new ProtoBytes();
        for (ProtoBytes m : messages) {
            byte[] b = m.toByteArray();
            s.rawVarint(b.length).raw(b);
        }
        return s.toByteArray();
    }

    // ---- io.prometheus.client messages

    public static ProtoBytes family(String name, String help, int type, ProtoBytes... metrics) {
        ProtoBytes f = new ProtoBytes().string(1, name).string(2, help).varint(3, type);
        for (ProtoBytes m : metrics) {
            f.message(4, m);
        }
        return f;
    }

    /** A Metric with labels given as name, value pairs. */
    public static ProtoBytes metric(String... labels) {
        ProtoBytes m = new ProtoBytes();
        for (int i = 0; i < labels.length; i += 2) {
            m.message(1, new ProtoBytes().string(1, labels[i]).string(2, labels[i + 1]));
        }
        return m;
    }

    /** A Gauge, Untyped or Counter value message. */
    public static ProtoBytes value(double v) {
        return new ProtoBytes().fixed64(1, v);
    }

    public static ProtoBytes quantile(double q, double v) {
        return new ProtoBytes().fixed64(1, q).fixed64(2, v);
    }

    public static ProtoBytes bucket(double upper, long cumulative) {
        return new ProtoBytes().varint(1, cumulative).fixed64(2, upper);
    }
}
