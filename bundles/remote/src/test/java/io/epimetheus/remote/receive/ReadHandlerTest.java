package io.epimetheus.remote.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.remote.read.ReadCodec;
import io.epimetheus.remote.read.ReadQuery;
import io.epimetheus.remote.read.ReadRequest;
import io.epimetheus.remote.read.ResponseDecoder;
import io.epimetheus.remote.read.SeriesData;
import io.epimetheus.remote.testing.MemStorage;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadHandlerTest {

    static final class Captured implements ReadHandler.Response {
        int status;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void status(int code) {
            status = code;
        }

        @Override
        public void header(String name, String value) {
            headers.put(name, value);
        }

        @Override
        public OutputStream body() {
            return body;
        }

        @Override
        public void flush() {
        }
    }

    private final MemStorage storage = new MemStorage();
    private static final Labels EXT = Labels.of("cluster", "eu");

    ReadHandlerTest() {
        for (int s = 0; s < 3; s++) {
            Labels l = Labels.of("__name__", "m", "i", Integer.toString(s));
            for (int t = 0; t < 1000; t++) {
                storage.put(l, t * 15_000L, t * (s + 1) + 0.5);
            }
        }
        storage.put(Labels.of("__name__", "other"), 1, 1);
    }

    private static byte[] request(int... types) {
        ReadRequest req = new ReadRequest(List.of(
                new ReadQuery(0, 5_000_000, List.of(Matcher.equal("__name__", "m"), Matcher.equal("cluster", "eu")), null),
                new ReadQuery(0, 10, List.of(Matcher.regex("__name__", "oth.*")), null)),
                Arrays.stream(types).boxed().toList());
        byte[] raw = ReadCodec.encode(req);
        byte[] c = new byte[SnappyBlock.maxEncodedLength(raw.length)];
        int n = new SnappyBlock().encode(raw, 0, raw.length, c);
        return Arrays.copyOf(c, n);
    }

    private static void checkResults(List<List<SeriesData>> results) {
        assertEquals(2, results.size());
        List<SeriesData> first = results.get(0);
        assertEquals(3, first.size());
        for (int s = 0; s < 3; s++) {
            SeriesData d = first.get(s);
            assertEquals(Labels.of("__name__", "m", "i", Integer.toString(s), "cluster", "eu"), d.labels());
            // 5_000_000 ms covers samples 0..333
            assertEquals(334, d.size());
            for (int t = 0; t < d.size(); t++) {
                assertEquals(t * 15_000L, d.t(t));
                assertEquals(t * (s + 1) + 0.5, d.v(t));
            }
        }
        assertEquals(1, results.get(1).size());
        assertEquals(Labels.of("__name__", "other", "cluster", "eu"), results.get(1).get(0).labels());
    }

    @Test
    void sampledResponse() throws IOException {
        Captured c = new Captured();
        new ReadHandler(2, 0, 1 << 20, 1000).handle(new ByteArrayInputStream(request(0)), storage, EXT, c);
        assertEquals(200, c.status, c.body.toString(StandardCharsets.UTF_8));
        assertEquals("snappy", c.headers.get("Content-Encoding"));
        byte[] body = c.body.toByteArray();
        byte[] raw = new byte[SnappyBlock.decodedLength(body, 0, body.length)];
        SnappyBlock.decode(body, 0, body.length, raw);
        checkResults(new ResponseDecoder().decodeSampled(raw, 0, raw.length));
    }

    @Test
    void streamedChunksSplitOverSmallFrames() throws IOException {
        Captured c = new Captured();
        // A 300-byte frame budget forces every series over several frames.
        new ReadHandler(2, 0, 300, 1000).handle(new ByteArrayInputStream(request(1, 0)), storage, EXT, c);
        assertEquals(200, c.status);
        assertEquals("application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse",
                c.headers.get("Content-Type"));
        checkResults(new ResponseDecoder().decodeChunked(new ByteArrayInputStream(c.body.toByteArray()), 1 << 20, 2));
    }

    @Test
    void sampleLimitAndBadRequests() throws IOException {
        Captured c = new Captured();
        new ReadHandler(2, 100, 1 << 20, 1000).handle(new ByteArrayInputStream(request(0)), storage, EXT, c);
        assertEquals(400, c.status);
        assertEquals("exceeded sample limit (100)\n", c.body.toString(StandardCharsets.UTF_8));

        c = new Captured();
        new ReadHandler(2, 0, 1 << 20, 1000).handle(new ByteArrayInputStream(new byte[] {5, 1, 2}), storage, EXT, c);
        assertEquals(400, c.status);

        c = new Captured();
        new ReadHandler(2, 0, 1 << 20, 1000).handle(new ByteArrayInputStream(request(7)), storage, EXT, c);
        assertEquals(400, c.status);
        assertTrue(c.body.toString(StandardCharsets.UTF_8).startsWith("server does not support any of the requested"));

        c = new Captured();
        new ReadHandler(2, 0, 1 << 20, 1000).handle(new ByteArrayInputStream(request(0)), null, EXT, c);
        assertEquals(503, c.status);
    }
}
