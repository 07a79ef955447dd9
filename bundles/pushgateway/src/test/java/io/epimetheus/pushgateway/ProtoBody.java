package io.epimetheus.pushgateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes push bodies in the delimited protobuf format ({@code io.prometheus.client.MetricFamily}
 * messages of client_model's {@code metrics.proto}, each after its varint length), for tests.
 * Fields are written only when given, so a test controls presence as a Go client does.
 */
final class ProtoBody {

    static final String CONTENT_TYPE =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    // MetricFamily.type
    static final int COUNTER = 0;
    static final int GAUGE = 1;
    static final int SUMMARY = 2;
    static final int UNTYPED = 3;
    static final int HISTOGRAM = 4;
    static final int GAUGE_HISTOGRAM = 5;

    private static final int VARINT = 0;
    private static final int I64 = 1;
    private static final int LEN = 2;

    private ProtoBody() {
    }

    /** One protobuf message being written. */
    static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long v) {
            tag(field, VARINT);
            writeVarint(v);
            return this;
        }

        Message fixed64(int field, double v) {
            tag(field, I64);
            long bits = Double.doubleToRawLongBits(v);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)));
            }
            return this;
        }

        Message bytes(int field, byte[] b) {
            tag(field, LEN);
            writeVarint(b.length);
            out.writeBytes(b);
            return this;
        }

        Message string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Message message(int field, Message m) {
            return bytes(field, m.toBytes());
        }

        /** Metric.timestamp_ms. */
        Message timestamp(long ms) {
            return varint(6, ms);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            writeVarint((long) field << 3 | wireType);
        }

        private void writeVarint(long v) {
            ProtoBody.writeVarint(out, v);
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        long rest = v;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    /** A MetricFamily; {@code help} {@code null} leaves the field out. */
    static Message family(String name, String help, int type, Message... metrics) {
        Message f = new Message().string(1, name);
        if (help != null) {
            f.string(2, help);
        }
        f.varint(3, type);
        for (Message m : metrics) {
            f.message(4, m);
        }
        return f;
    }

    /** A Metric with its label pairs ({@code name, value, ...}) and nothing else yet. */
    static Message metric(String... labels) {
        Message m = new Message();
        for (int i = 0; i < labels.length; i += 2) {
            m.message(1, new Message().string(1, labels[i]).string(2, labels[i + 1]));
        }
        return m;
    }

    static Message counter(double value, String... labels) {
        return metric(labels).message(3, new Message().fixed64(1, value));
    }

    static Message gauge(double value, String... labels) {
        return metric(labels).message(2, new Message().fixed64(1, value));
    }

    static Message untyped(double value, String... labels) {
        return metric(labels).message(5, new Message().fixed64(1, value));
    }

    /** A summary metric; {@code quantiles} are {@code {rank, value}} pairs. */
    static Message summary(long count, double sum, double[][] quantiles, String... labels) {
        Message s = new Message().varint(1, count).fixed64(2, sum);
        for (double[] q : quantiles) {
            s.message(3, new Message().fixed64(1, q[0]).fixed64(2, q[1]));
        }
        return metric(labels).message(4, s);
    }

    /** A histogram metric; {@code buckets} are {@code {upper bound, cumulative count}} pairs. */
    static Message histogram(long count, double sum, double[][] buckets, String... labels) {
        Message h = new Message().varint(1, count).fixed64(2, sum);
        for (double[] b : buckets) {
            h.message(3, new Message().varint(1, (long) b[1]).fixed64(2, b[0]));
        }
        return metric(labels).message(7, h);
    }

    /** The families, each after its length: a push body. */
    static byte[] body(Message... families) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Message f : families) {
            byte[] b = f.toBytes();
            writeVarint(out, b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
