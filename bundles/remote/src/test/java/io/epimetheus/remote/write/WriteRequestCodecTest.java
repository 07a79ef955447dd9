package io.epimetheus.remote.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.remote.codec.ProtoException;
import io.epimetheus.remote.codec.ProtoWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Round trips through the hand-written codec, checked against protobuf-java's own parser. */
class WriteRequestCodecTest {

    private static final Labels A = Labels.of("__name__", "up", "job", "node", "instance", "h:9100");
    private static final Labels B = Labels.of("__name__", "temp_\u00b0C", "room", "k\u00fcche \uD83D\uDE00");

    private static ProtoWriter encode(boolean v2) {
        WriteRequestEncoder e = new WriteRequestEncoder(v2);
        e.addSample(A, 1000, 1);
        e.addSample(A, 2000, 0);
        e.addSample(B, -5, Double.NaN);
        e.addMetadata("up", MetricType.GAUGE, "1 if up", "");
        return e.finish();
    }

    @Test
    void v1RoundTrip() throws Exception {
        ProtoWriter w = encode(false);
        RecordingVisitor v = new RecordingVisitor();
        new WriteRequestDecoder().decodeV1(w.buffer(), 0, w.size(), v);
        assertEquals(List.of(A + " 1000 1.0", A + " 2000 0.0", B + " -5 NaN", "metadata up GAUGE 1 if up "), v.events);

        // protobuf-java reads the same structure.
        DynamicMessage m = DynamicMessage.parseFrom(PrompbSchema.WRITE_REQUEST, w.toByteArray());
        List<?> ts = (List<?>) m.getField(PrompbSchema.WRITE_REQUEST.findFieldByName("timeseries"));
        assertEquals(3, ts.size());
        Message third = (Message) ts.get(2);
        List<?> labels = (List<?>) third.getField(PrompbSchema.TIME_SERIES.findFieldByName("labels"));
        Message room = (Message) labels.get(1);
        assertEquals("k\u00fcche \uD83D\uDE00", room.getField(PrompbSchema.LABEL.findFieldByName("value")));
        Message sample = (Message) ((List<?>) third.getField(PrompbSchema.TIME_SERIES.findFieldByName("samples"))).get(0);
        assertEquals(-5L, sample.getField(PrompbSchema.SAMPLE.findFieldByName("timestamp")));
    }

    @Test
    void v2RoundTrip() throws Exception {
        ProtoWriter w = encode(true);
        RecordingVisitor v = new RecordingVisitor();
        new WriteRequestDecoder().decodeV2(w.buffer(), 0, w.size(), v);
        assertEquals(List.of(A + " 1000 1.0", A + " 2000 0.0", B + " -5 NaN"), v.events);
        DynamicMessage m = DynamicMessage.parseFrom(PrompbSchema.V2_REQUEST, w.toByteArray());
        List<?> symbols = (List<?>) m.getField(PrompbSchema.V2_REQUEST.findFieldByName("symbols"));
        assertEquals("", symbols.get(0));
        assertTrue(symbols.contains("k\u00fcche \uD83D\uDE00"));
    }

    @Test
    void decodesWhatProtobufJavaWrites() {
        // Fields in an unusual order (samples before labels, metadata first), plus an unknown field.
        DynamicMessage label = DynamicMessage.newBuilder(PrompbSchema.LABEL)
                .setField(PrompbSchema.LABEL.findFieldByName("name"), "__name__")
                .setField(PrompbSchema.LABEL.findFieldByName("value"), "x").build();
        DynamicMessage sample = DynamicMessage.newBuilder(PrompbSchema.SAMPLE)
                .setField(PrompbSchema.SAMPLE.findFieldByName("value"), 2.5)
                .setField(PrompbSchema.SAMPLE.findFieldByName("timestamp"), 77L).build();
        byte[] ts = concat(field(2, sample.toByteArray()), field(1, label.toByteArray()), new byte[] {(byte) 0xA0, 0x1F, 5});
        byte[] req = field(1, ts);
        RecordingVisitor v = new RecordingVisitor();
        new WriteRequestDecoder().decodeV1(req, 0, req.length, v);
        assertEquals(List.of("{__name__=\"x\"} 77 2.5"), v.events);
    }

    @Test
    void reportsInvalidSeriesAndMalformedInput() {
        WriteRequestEncoder e = new WriteRequestEncoder(false);
        e.addSample(Labels.of("job", "no_name"), 1, 1);
        ProtoWriter w = e.finish();
        RecordingVisitor v = new RecordingVisitor();
        new WriteRequestDecoder().decodeV1(w.buffer(), 0, w.size(), v);
        assertEquals(1, v.events.size());
        assertTrue(v.events.get(0).startsWith("invalid 1 invalid metric name or labels"), v.events.get(0));

        byte[] truncated = java.util.Arrays.copyOf(encode(false).toByteArray(), 20);
        ProtoException ex = assertThrows(ProtoException.class,
                () -> new WriteRequestDecoder().decodeV1(truncated, 0, truncated.length, new RecordingVisitor()));
        assertTrue(ex.getMessage().startsWith("malformed protobuf at byte"), ex.getMessage());

        byte[] badUtf8 = field(1, field(1, concat(new byte[] {10, 2, (byte) 0xC3, (byte) 0x28})));
        assertThrows(ProtoException.class,
                () -> new WriteRequestDecoder().decodeV1(badUtf8, 0, badUtf8.length, new RecordingVisitor()));
    }

    @Test
    void staleMarkersKeepTheirBits() {
        for (boolean v2 : new boolean[] {false, true}) {
            WriteRequestEncoder e = new WriteRequestEncoder(v2);
            e.addSample(A, 1, io.epimetheus.api.model.StaleNaN.VALUE);
            ProtoWriter w = e.finish();
            long[] bits = new long[1];
            RecordingVisitor v = new RecordingVisitor() {
                @Override
                public void sample(long t, double value) {
                    bits[0] = Double.doubleToRawLongBits(value);
                }
            };
            if (v2) {
                new WriteRequestDecoder().decodeV2(w.buffer(), 0, w.size(), v);
            } else {
                new WriteRequestDecoder().decodeV1(w.buffer(), 0, w.size(), v);
            }
            assertEquals(io.epimetheus.api.model.StaleNaN.BITS, bits[0]);
        }
    }

    @Test
    void v2RejectsBadSymbolReferences() {
        ProtoWriter w = new ProtoWriter(64);
        w.tag(4, 2);
        w.varint(0);
        w.messageField(5, 4);
        w.messageField(1, 2);
        w.varint(0);
        w.varint(9);
        byte[] b = w.toByteArray();
        ProtoException ex = assertThrows(ProtoException.class,
                () -> new WriteRequestDecoder().decodeV2(b, 0, b.length, new RecordingVisitor()));
        assertTrue(ex.getMessage().contains("symbol reference 9 outside the table of 1 symbols"), ex.getMessage());
    }

    static byte[] field(int number, byte[] body) {
        ProtoWriter w = new ProtoWriter(body.length + 8);
        w.bytesField(number, body, 0, body.length);
        return w.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ProtoWriter w = new ProtoWriter(64);
        for (byte[] p : parts) {
            w.raw(p, 0, p.length);
        }
        return w.toByteArray();
    }
}
