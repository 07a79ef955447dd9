package io.epimetheus.remote.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.remote.codec.ProtoWriter;
import io.epimetheus.remote.testing.MemStorage;
import io.epimetheus.remote.write.WriteRequestEncoder;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteReceiverTest {

    private static final Labels A = Labels.of("__name__", "up", "job", "a");
    private static final Labels B = Labels.of("__name__", "up", "job", "b");
    private final WriteReceiver receiver = new WriteReceiver(1 << 20, 4 << 20);
    private final MemStorage storage = new MemStorage();

    private static byte[] body(boolean v2, Object... labelsTimeValue) {
        WriteRequestEncoder e = new WriteRequestEncoder(v2);
        for (int i = 0; i < labelsTimeValue.length; i += 3) {
            e.addSample((Labels) labelsTimeValue[i], (Long) labelsTimeValue[i + 1], (Double) labelsTimeValue[i + 2]);
        }
        return compress(e.finish());
    }

    private static byte[] compress(ProtoWriter w) {
        byte[] out = new byte[SnappyBlock.maxEncodedLength(w.size())];
        int n = new SnappyBlock().encode(w.buffer(), 0, w.size(), out);
        return Arrays.copyOf(out, n);
    }

    private WriteReceiver.Result post(String contentType, byte[] body) throws IOException {
        return receiver.handle(contentType, "snappy", body.length, new ByteArrayInputStream(body), storage);
    }

    @Test
    void writesV1AndV2() throws IOException {
        WriteReceiver.Result r = post("application/x-protobuf", body(false, A, 1000L, 1.0, B, 1000L, 2.0, A, 2000L, 3.0));
        assertEquals(204, r.status(), r.body());
        r = post("application/x-protobuf;proto=io.prometheus.write.v2.Request", body(true, A, 3000L, 4.0));
        assertEquals(204, r.status(), r.body());
        assertTrue(r.v2());
        assertEquals(1, r.samples());
        assertEquals(List.of("1000=1.0", "2000=3.0", "3000=4.0"), storage.samples(A));
        assertEquals(List.of("1000=2.0"), storage.samples(B));
    }

    @Test
    void outOfOrderAndDuplicatesAre400WhileTheRestIsWritten() throws IOException {
        post(null, body(false, A, 5000L, 1.0));
        WriteReceiver.Result r = post("application/x-protobuf", body(false, A, 4000L, 1.0, A, 5000L, 9.0, B, 1L, 1.0));
        assertEquals(400, r.status());
        assertTrue(r.body().contains("out of order sample for series {__name__=\"up\", job=\"a\"}"), r.body());
        assertTrue(r.body().contains("duplicate sample for timestamp"), r.body());
        assertEquals(List.of("5000=1.0"), storage.samples(A));
        assertEquals(List.of("1=1.0"), storage.samples(B));
        assertEquals(1, receiver.rejected.get(io.epimetheus.api.storage.AppendException.Reason.OUT_OF_ORDER.ordinal()));
    }

    @Test
    void futureSamplesAreOutOfBounds() throws IOException {
        WriteReceiver.Result r = post("application/x-protobuf",
                body(false, A, System.currentTimeMillis() + 3_600_000L, 1.0));
        assertEquals(400, r.status());
        assertTrue(r.body().contains("timestamp is too far in the future"), r.body());
        assertEquals(0, storage.sampleCount());
    }

    @Test
    void malformedOversizedAndUnknownBodiesLeaveStorageUntouched() throws IOException {
        byte[] good = body(false, A, 1L, 1.0, B, 1L, 1.0);
        // Valid snappy around a truncated protobuf.
        ProtoWriter w = new ProtoWriter(64);
        WriteRequestEncoder e = new WriteRequestEncoder(false);
        e.addSample(A, 1, 1);
        e.addSample(B, 1, 1);
        ProtoWriter full = e.finish();
        w.raw(full.buffer(), 0, full.size() - 3);
        WriteReceiver.Result r = post("application/x-protobuf", compress(w));
        assertEquals(400, r.status());
        assertTrue(r.body().startsWith("decoding the prometheus.WriteRequest body: malformed protobuf at byte"), r.body());

        r = post("application/x-protobuf", Arrays.copyOf(good, good.length - 2));
        assertEquals(400, r.status());
        assertTrue(r.body().startsWith("decompressing the body: snappy: corrupt input"), r.body());

        r = post("application/x-protobuf;proto=foo.Bar", good);
        assertEquals(415, r.status());

        r = receiver.handle("application/x-protobuf", "gzip", good.length, new ByteArrayInputStream(good), storage);
        assertEquals(415, r.status());

        byte[] big = new byte[(1 << 20) + 10];
        r = receiver.handle("application/x-protobuf", "snappy", -1, new ByteArrayInputStream(big), storage);
        assertEquals(413, r.status());
        r = receiver.handle("application/x-protobuf", "snappy", big.length, new ByteArrayInputStream(big), storage);
        assertEquals(413, r.status());

        // A header announcing a huge decoded size.
        byte[] bomb = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0};
        r = post("application/x-protobuf", bomb);
        assertEquals(413, r.status());
        assertEquals(0, storage.sampleCount());
    }

    @Test
    void unavailableStorageIs503AndNothingIsCommitted() throws IOException {
        byte[] b = body(false, A, 1L, 1.0);
        WriteReceiver.Result r = receiver.handle("application/x-protobuf", "snappy", b.length,
                new ByteArrayInputStream(b), null);
        assertEquals(503, r.status());
        storage.unavailable = true;
        assertEquals(503, post("application/x-protobuf", b).status());
        storage.unavailable = false;
        assertEquals(204, post("application/x-protobuf", b).status());
        assertEquals(List.of("1=1.0"), storage.samples(A));
    }

    @Test
    void invalidLabelsAreCounted() throws IOException {
        WriteReceiver.Result r = post("application/x-protobuf", body(false, Labels.of("job", "x"), 1L, 1.0, A, 1L, 1.0));
        assertEquals(400, r.status());
        assertEquals(1, receiver.invalidLabelSamples.sum());
        assertEquals(List.of("1=1.0"), storage.samples(A));
    }
}
