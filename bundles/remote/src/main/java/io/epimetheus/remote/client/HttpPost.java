package io.epimetheus.remote.client;

import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.httpclient.HttpConnection;
import io.epimetheus.httpclient.RequestHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * POSTs to one remote-storage endpoint (remote write and remote read) with its {@code
 * http_client_config}, its {@code headers} and {@code remote_timeout} for each whole exchange. The
 * connections of finished requests are kept for the next ones, so each sending shard keeps reusing
 * one connection. Thread-safe; {@link #close} releases every socket.
 */
public final class HttpPost {

    /** The outcome of one request: the status, the start of the response text and any {@code Retry-After}. */
    public record Outcome(int status, String body, long retryAfterMillis) {
    }

    /** Reads a response whose status and headers have arrived. */
    @FunctionalInterface
    public interface ResponseReader<T> {
        T read(HttpConnection response, int status) throws IOException;
    }

    private static final int TEXT_LIMIT = 512;

    private final String url;
    private final long timeoutNanos;
    private final HttpClient client;
    private final RequestHeaders base;
    private final RequestHeaders writeV1;
    private final RequestHeaders writeV2;
    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private final Set<HttpConnection> busy = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param headers the endpoint's {@code headers}
     * @throws IllegalArgumentException for a header name or value that cannot be sent
     */
    public HttpPost(String url, Duration timeout, Map<String, String> headers, HttpClientConfig http) {
        this.url = url;
        this.timeoutNanos = Math.max(1, timeout.toNanos());
        this.client = new HttpClient(http);
        this.base = RequestHeaders.of("User-Agent", HttpClient.USER_AGENT).with(RequestHeaders.of(headers));
        this.writeV1 = headers("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
                "X-Prometheus-Remote-Write-Version", "0.1.0");
        this.writeV2 = headers("Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request",
                "Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "2.0.0");
    }

    /** The endpoint's HTTP client, for {@link HttpClient#check}. */
    public HttpClient client() {
        return client;
    }

    /**
     * The headers of a kind of request: the User-Agent and the endpoint's {@code headers}, then
     * these (alternating names and values). Prepare them once per kind.
     */
    public RequestHeaders headers(String... namesAndValues) {
        return base.with(namesAndValues);
    }

    /**
     * POSTs {@code body} and hands the response to {@code reader}; the connection is kept for the
     * next request when the reader has read the response to its end.
     *
     * @param requestHeaders from {@link #headers}
     */
    public <T> T exchange(byte[] body, int len, RequestHeaders requestHeaders, ResponseReader<T> reader)
            throws IOException {
        HttpConnection c = idle.pollFirst();
        if (c == null) {
            c = client.newConnection();
        }
        busy.add(c);
        boolean keep = false;
        try {
            int status = c.send("POST", url, requestHeaders, body, 0, len, timeoutNanos);
            T result = reader.read(c, status);
            keep = c.isOpen();
            return result;
        } finally {
            busy.remove(c);
            if (keep && !closed) {
                idle.offerFirst(c);
                if (closed) {
                    closeIdle();
                }
            } else {
                c.close();
            }
        }
    }

    /** POSTs a body; returns the status, the start of the response text and any {@code Retry-After}. */
    public Outcome post(byte[] body, int len, RequestHeaders requestHeaders) throws IOException {
        return exchange(body, len, requestHeaders, (c, status) -> {
            String text = new String(c.bodyStream().readNBytes(TEXT_LIMIT), StandardCharsets.UTF_8).trim();
            c.discardBody();
            String ra = c.header("Retry-After");
            return new Outcome(status, text, ra == null ? 0 : retryAfterMillis(ra));
        });
    }

    /** Posts a snappy-compressed remote-write body. */
    public Outcome postWrite(byte[] body, int len, boolean v2) throws IOException {
        return post(body, len, v2 ? writeV2 : writeV1);
    }

    private static long retryAfterMillis(String v) {
        try {
            return Long.parseLong(v.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Closes every connection, idle or in use: requests in flight fail at once (a queue that stops
     * does not wait for their timeout). Requests made afterwards still work, each on a connection
     * of its own that is closed when it ends.
     */
    public void close() {
        closed = true;
        for (HttpConnection c : busy) {
            c.abort();
        }
        closeIdle();
    }

    private void closeIdle() {
        HttpConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }
}
