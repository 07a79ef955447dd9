package io.epimetheus.remote.receive;

import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.remote.codec.ProtoException;
import io.epimetheus.remote.write.WriteRequestDecoder;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import io.epimetheus.tsdb.format.snappy.SnappyException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The remote-write receiver, independent of the servlet API: negotiates the protocol version from
 * {@code Content-Type}, reads and decompresses the body within limits, decodes it straight into an
 * {@link Appender} and says what to answer.
 *
 * <ul>
 *   <li>204: everything was written.
 *   <li>400: a malformed body (nothing is written), or samples or series the storage refused
 *       (out of order, duplicate, out of bounds, too old, invalid labels): the rest is written and
 *       the sender must not retry.
 *   <li>413: a body larger than the limits (nothing is written).
 *   <li>415: an unknown protobuf message or content encoding.
 *   <li>503: no storage, or storage unavailable (e.g. its bundle being replaced): nothing of the
 *       request is committed and the sender retries, so nothing acknowledged is lost.
 * </ul>
 *
 * <p>Thread-safe: each request borrows a pooled set of buffers and decoder.
 */
public final class WriteReceiver {

    /** Content type of the 2.0 message. */
    public static final String PROTO_V2 = "io.prometheus.write.v2.Request";
    /** Content type of the 1.0 message. */
    public static final String PROTO_V1 = "prometheus.WriteRequest";

    /** Response header names of remote write 2.0. */
    public static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";
    public static final String HISTOGRAMS_WRITTEN = "X-Prometheus-Remote-Write-Histograms-Written";
    public static final String EXEMPLARS_WRITTEN = "X-Prometheus-Remote-Write-Exemplars-Written";

    private static final int POOLED_BUFFER_LIMIT = 8 << 20;

    /** What to answer. {@code v2} requests also get the written-counts headers. */
    public record Result(int status, String body, boolean v2, long samples, long histograms, long exemplars) {
    }

    private final int maxCompressedBytes;
    private final int maxDecodedBytes;
    private final ArrayBlockingQueue<Context> pool = new ArrayBlockingQueue<>(16);

    final LongAdder samplesReceived = new LongAdder();
    final LongAdder invalidLabelSamples = new LongAdder();
    final LongAdder histogramsRejected = new LongAdder();
    final AtomicLongArray rejected = new AtomicLongArray(AppendException.Reason.values().length);
    final LongAdder requestsRejectedUnavailable = new LongAdder();
    final LongAdder requestsMalformed = new LongAdder();

    private static final class Context {
        byte[] compressed = new byte[64 << 10];
        byte[] decoded = new byte[256 << 10];
        final WriteRequestDecoder decoder = new WriteRequestDecoder();
        final AppendingVisitor visitor = new AppendingVisitor();
    }

    public WriteReceiver(int maxCompressedBytes, int maxDecodedBytes) {
        this.maxCompressedBytes = maxCompressedBytes;
        this.maxDecodedBytes = maxDecodedBytes;
    }

    /**
     * Handles one request.
     *
     * @param contentType the {@code Content-Type} header, or {@code null}
     * @param contentEncoding the {@code Content-Encoding} header, or {@code null}
     * @param contentLength the declared body length, or -1
     * @param body the request body
     * @param storage the storage to append to, or {@code null} when none is bound
     */
    public Result handle(String contentType, String contentEncoding, long contentLength, InputStream body,
            Storage storage) throws IOException {
        boolean v2;
        String proto = protoParameter(contentType);
        if (proto == null) {
            return new Result(415, "unsupported content type " + contentType
                    + ": expected application/x-protobuf\n", false, 0, 0, 0);
        }
        if (proto.isEmpty() || proto.equals(PROTO_V1)) {
            v2 = false;
        } else if (proto.equals(PROTO_V2)) {
            v2 = true;
        } else {
            return new Result(415, "unknown remote write content type proto=" + proto + ": accepted are "
                    + PROTO_V1 + " and " + PROTO_V2 + "\n", false, 0, 0, 0);
        }
        if (contentEncoding != null && !contentEncoding.isEmpty() && !contentEncoding.equalsIgnoreCase("snappy")) {
            return new Result(415, "unsupported Content-Encoding " + contentEncoding + ": only snappy is accepted\n",
                    v2, 0, 0, 0);
        }
        if (storage == null) {
            requestsRejectedUnavailable.increment();
            return new Result(503, "no Storage is bound (feature:install epimetheus-tsdb); retry later\n",
                    v2, 0, 0, 0);
        }
        if (contentLength > maxCompressedBytes) {
            return tooLarge(v2, "body of " + contentLength + " bytes exceeds the limit of " + maxCompressedBytes);
        }
        Context ctx = pool.poll();
        if (ctx == null) {
            ctx = new Context();
        }
        try {
            return handle(ctx, v2, body, storage);
        } finally {
            ctx.visitor.clear();
            if (ctx.compressed.length <= POOLED_BUFFER_LIMIT && ctx.decoded.length <= POOLED_BUFFER_LIMIT) {
                pool.offer(ctx);
            }
        }
    }

    private Result tooLarge(boolean v2, String what) {
        requestsMalformed.increment();
        return new Result(413, what + "\n", v2, 0, 0, 0);
    }

    private Result handle(Context ctx, boolean v2, InputStream body, Storage storage) throws IOException {
        int n = 0;
        while (true) {
            if (n == ctx.compressed.length) {
                if (n >= maxCompressedBytes) {
                    return tooLarge(v2, "body exceeds the limit of " + maxCompressedBytes + " bytes");
                }
                ctx.compressed = Arrays.copyOf(ctx.compressed, (int) Math.min(maxCompressedBytes + 1L, n * 2L));
            }
            int r = body.read(ctx.compressed, n, ctx.compressed.length - n);
            if (r < 0) {
                break;
            }
            n += r;
            if (n > maxCompressedBytes) {
                return tooLarge(v2, "body exceeds the limit of " + maxCompressedBytes + " bytes");
            }
        }
        int len;
        try {
            len = SnappyBlock.decodedLength(ctx.compressed, 0, n);
            if (len > maxDecodedBytes) {
                return tooLarge(v2, "decompressed body of " + len + " bytes exceeds the limit of " + maxDecodedBytes);
            }
            if (ctx.decoded.length < len) {
                ctx.decoded = new byte[Math.max(len, ctx.decoded.length * 2)];
            }
            SnappyBlock.decode(ctx.compressed, 0, n, ctx.decoded);
        } catch (SnappyException e) {
            requestsMalformed.increment();
            return new Result(400, "decompressing the body: " + e.getMessage() + "\n", v2, 0, 0, 0);
        }

        Appender app;
        try {
            app = storage.appender();
        } catch (StorageException e) {
            requestsRejectedUnavailable.increment();
            return new Result(503, "storage unavailable: " + e.getMessage() + "; retry later\n", v2, 0, 0, 0);
        }
        AppendingVisitor v = ctx.visitor;
        v.reset(app, System.currentTimeMillis());
        try {
            if (v2) {
                ctx.decoder.decodeV2(ctx.decoded, 0, len, v);
            } else {
                ctx.decoder.decodeV1(ctx.decoded, 0, len, v);
            }
        } catch (ProtoException e) {
            app.rollback();
            requestsMalformed.increment();
            return new Result(400, "decoding the " + (v2 ? PROTO_V2 : PROTO_V1) + " body: " + e.getMessage() + "\n",
                    v2, 0, 0, 0);
        } catch (RuntimeException e) {
            app.rollback();
            throw e;
        }
        if (v.failure != null) {
            app.rollback();
            return unavailable(v2, v.failure);
        }
        try {
            app.commit();
        } catch (StorageException e) {
            return unavailable(v2, e);
        }
        samplesReceived.add(v.samplesWritten);
        invalidLabelSamples.add(v.invalidLabelSamples);
        histogramsRejected.add(v.histogramsRejected);
        for (int i = 0; i < v.rejected.length; i++) {
            if (v.rejected[i] != 0) {
                rejected.addAndGet(i, v.rejected[i]);
            }
        }
        if (v.hasBadRequest()) {
            return new Result(400, v.problems(), v2, v.samplesWritten, 0, v.exemplarsWritten);
        }
        return new Result(204, "", v2, v.samplesWritten, 0, v.exemplarsWritten);
    }

    private Result unavailable(boolean v2, StorageException e) {
        requestsRejectedUnavailable.increment();
        if (e.isRetryable()) {
            return new Result(503, "storage unavailable: " + e.getMessage() + "; retry later\n", v2, 0, 0, 0);
        }
        return new Result(500, "storage error: " + e.getMessage() + "\n", v2, 0, 0, 0);
    }

    /**
     * The {@code proto} parameter of an {@code application/x-protobuf} content type: {@code ""}
     * when absent (1.0, as old senders send) or the header is missing; {@code null} for another
     * media type.
     */
    static String protoParameter(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "";
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/x-protobuf")) {
            return null;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("proto")) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return "";
    }
}
