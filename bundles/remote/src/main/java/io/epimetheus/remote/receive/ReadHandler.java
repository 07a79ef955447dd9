package io.epimetheus.remote.receive;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MatchType;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.remote.codec.ProtoException;
import io.epimetheus.remote.codec.ProtoWriter;
import io.epimetheus.remote.read.ReadCodec;
import io.epimetheus.remote.read.ReadQuery;
import io.epimetheus.remote.read.ReadRequest;
import io.epimetheus.remote.read.ReadResponses;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import io.epimetheus.tsdb.format.snappy.SnappyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The remote-read server, independent of the servlet API: decodes a snappy-compressed {@code
 * ReadRequest} and answers each query from a {@link Queryable}, as sampled {@code ReadResponse}
 * (snappy) or as {@code STREAMED_XOR_CHUNKS} frames, whichever the client accepts first. Limits:
 * concurrent requests (others wait, then get 503), samples per query (400 {@code exceeded sample
 * limit}), bytes per streamed frame, and the request body size.
 *
 * <p>Like Prometheus, an equality matcher on an external label with the external value is turned
 * into "label absent", since local series do not carry external labels, and external labels are
 * added to the returned series.
 */
public final class ReadHandler {

    /** Where the answer goes. */
    public interface Response {
        void status(int code);

        void header(String name, String value);

        OutputStream body() throws IOException;

        void flush() throws IOException;
    }

    private static final int MAX_REQUEST_BYTES = 32 << 20;

    private final Semaphore gate;
    private final int limit;
    private final long sampleLimit;
    private final int maxBytesInFrame;
    private final long waitMillis;

    public ReadHandler(int concurrencyLimit, long sampleLimit, int maxBytesInFrame, long waitMillis) {
        this.limit = Math.max(1, concurrencyLimit);
        this.gate = new Semaphore(limit, true);
        this.sampleLimit = sampleLimit;
        this.maxBytesInFrame = maxBytesInFrame;
        this.waitMillis = waitMillis;
    }

    public void handle(InputStream body, Queryable queryable, Labels externalLabels, Response resp)
            throws IOException {
        boolean acquired;
        try {
            acquired = gate.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            error(resp, 503, "too many concurrent remote read requests; retry later");
            return;
        }
        try {
            serve(body, queryable, externalLabels, resp);
        } finally {
            gate.release();
        }
    }

    /** Requests being served or waiting for a slot (Prometheus's remote_read_handler_queries). */
    public int inFlight() {
        return limit - gate.availablePermits() + gate.getQueueLength();
    }

    private void serve(InputStream body, Queryable queryable, Labels ext, Response resp) throws IOException {
        ReadRequest req;
        try {
            byte[] compressed = body.readNBytes(MAX_REQUEST_BYTES + 1);
            if (compressed.length > MAX_REQUEST_BYTES) {
                error(resp, 413, "remote read request exceeds " + MAX_REQUEST_BYTES + " bytes");
                return;
            }
            int n = SnappyBlock.decodedLength(compressed, 0, compressed.length);
            if (n > MAX_REQUEST_BYTES) {
                error(resp, 413, "decompressed remote read request exceeds " + MAX_REQUEST_BYTES + " bytes");
                return;
            }
            byte[] raw = new byte[n];
            SnappyBlock.decode(compressed, 0, compressed.length, raw);
            req = ReadCodec.decode(raw, 0, n);
        } catch (SnappyException | ProtoException e) {
            error(resp, 400, e.getMessage());
            return;
        }
        int type;
        try {
            type = req.negotiate();
        } catch (IllegalArgumentException e) {
            error(resp, 400, e.getMessage());
            return;
        }
        if (queryable == null) {
            error(resp, 503, "no Storage is bound (feature:install epimetheus-tsdb); retry later");
            return;
        }
        ReadResponses responses = new ReadResponses(ext);
        try {
            if (type == ReadRequest.STREAMED_XOR_CHUNKS) {
                streamed(req, queryable, ext, responses, resp);
            } else {
                sampled(req, queryable, ext, responses, resp);
            }
        } catch (ReadResponses.SampleLimitExceeded e) {
            error(resp, 400, e.getMessage());
        } catch (StorageException e) {
            error(resp, e.isRetryable() ? 503 : 500, e.getMessage());
        }
    }

    private void sampled(ReadRequest req, Queryable q, Labels ext, ReadResponses responses, Response resp)
            throws IOException {
        ProtoWriter out = new ProtoWriter(1 << 16);
        for (ReadQuery query : req.queries()) {
            try (Querier querier = q.querier(query.startMillis(), query.endMillis())) {
                responses.appendQueryResult(out, querier.select(false, query.hints(), filter(query, ext)), sampleLimit);
            }
        }
        byte[] compressed = new byte[SnappyBlock.maxEncodedLength(out.size())];
        int n = new SnappyBlock().encode(out.buffer(), 0, out.size(), compressed);
        resp.status(200);
        resp.header("Content-Type", "application/x-protobuf");
        resp.header("Content-Encoding", "snappy");
        resp.body().write(compressed, 0, n);
    }

    private void streamed(ReadRequest req, Queryable q, Labels ext, ReadResponses responses, Response resp)
            throws IOException {
        resp.status(200);
        resp.header("Content-Type", "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse");
        OutputStream out = resp.body();
        int i = 0;
        for (ReadQuery query : req.queries()) {
            try (Querier querier = q.querier(query.startMillis(), query.endMillis())) {
                responses.streamChunked(out, querier.select(true, query.hints(), filter(query, ext)), i,
                        maxBytesInFrame, sampleLimit);
            }
            i++;
        }
        resp.flush();
    }

    /** Matchers with {@code ext="value"} for an external label replaced by {@code ext=""}. */
    static Matcher[] filter(ReadQuery query, Labels ext) {
        List<Matcher> out = new ArrayList<>(query.matchers().size());
        for (Matcher m : query.matchers()) {
            if (m.type() == MatchType.EQUAL && m.value().equals(ext.get(m.name()))) {
                out.add(Matcher.equal(m.name(), ""));
            } else {
                out.add(m);
            }
        }
        return out.toArray(new Matcher[0]);
    }

    private static void error(Response resp, int code, String message) throws IOException {
        resp.status(code);
        resp.header("Content-Type", "text/plain; charset=utf-8");
        resp.body().write((message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
