package io.epimetheus.scrape.http;

import io.epimetheus.httpclient.ByteBuf;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.httpclient.HttpConnection;
import io.epimetheus.httpclient.HttpException;
import io.epimetheus.httpclient.RequestHeaders;

/**
 * The scrapes of one target over one kept-alive {@link HttpConnection}: Prometheus's request
 * headers, a status other than 200 failing the scrape, and the body read (decompressed, within
 * {@code body_size_limit}) into the connection's reused buffers. Not thread-safe: used by one
 * scrape loop at a time.
 */
public final class TargetConnection implements AutoCloseable {

    private final HttpConnection http;
    private RequestHeaders headers;
    private String headersAccept;
    private boolean headersGzip;
    private String headersTimeout;

    public TargetConnection(HttpClient client) {
        this.http = client.newConnection();
    }

    /** The body of the last successful fetch: bytes {@code [0, length)}, decompressed. */
    public ByteBuf body() {
        return http.body();
    }

    /** The {@code Content-Type} of the last response, or {@code null}. */
    public String contentType() {
        return http.contentType();
    }

    /**
     * GETs {@code url} and reads the whole (decompressed) body into {@link #body()}.
     *
     * @param accept the {@code Accept} header
     * @param gzip whether to ask for gzip
     * @param timeoutSeconds the {@code X-Prometheus-Scrape-Timeout-Seconds} value
     * @param timeoutNanos how long the whole request may take
     * @param bodyLimit the maximum uncompressed body size, 0 for none
     * @throws ScrapeException with Prometheus's wording when the scrape fails
     */
    public void fetch(String url, String accept, boolean gzip, String timeoutSeconds, long timeoutNanos, long bodyLimit)
            throws ScrapeException {
        try {
            int status = http.send("GET", url, headers(accept, gzip, timeoutSeconds), null, 0, 0, timeoutNanos);
            if (status != 200) {
                http.discardBody();
                throw new ScrapeException("server returned HTTP status " + status
                        + (http.reason().isEmpty() ? "" : " " + http.reason()));
            }
            http.readBody(bodyLimit);
        } catch (HttpException e) {
            throw new ScrapeException(e.getMessage(), e.isBodySizeLimit());
        }
    }

    /** The request headers, formatted again only when the loop's settings change. */
    private RequestHeaders headers(String accept, boolean gzip, String timeoutSeconds) {
        if (headers == null || !accept.equals(headersAccept) || gzip != headersGzip
                || !timeoutSeconds.equals(headersTimeout)) {
            headers = RequestHeaders.of("User-Agent", HttpClient.USER_AGENT, "Accept", accept,
                    "Accept-Encoding", gzip ? "gzip" : "identity", "X-Prometheus-Scrape-Timeout-Seconds", timeoutSeconds);
            headersAccept = accept;
            headersGzip = gzip;
            headersTimeout = timeoutSeconds;
        }
        return headers;
    }

    /** Closes the connection; it must not be used afterwards. */
    @Override
    public void close() {
        http.close();
    }
}
