package io.epimetheus.httpclient;

import java.io.IOException;

/**
 * A failed exchange, worded as Go's HTTP client words it ({@code Get "<url>": dial tcp
 * 127.0.0.1:9100: connect: connection refused}, {@code Post "<url>": context deadline exceeded}).
 * Carries no stack trace: failures are an expected outcome of talking to other servers.
 */
public final class HttpException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean bodySizeLimit;

    public HttpException(String message) {
        this(message, null, false);
    }

    public HttpException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private HttpException(String message, Throwable cause, boolean bodySizeLimit) {
        super(message, cause);
        this.bodySizeLimit = bodySizeLimit;
    }

    /** The body was larger than the limit the caller gave. */
    static HttpException bodySizeLimitExceeded() {
        return new HttpException("body size limit exceeded", null, true);
    }

    /** Whether the response body exceeded the limit passed to {@link HttpConnection#readBody}. */
    public boolean isBodySizeLimit() {
        return bodySizeLimit;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
