package io.epimetheus.scrape.http;

/**
 * A scrape that failed before its body could be parsed, with Prometheus's wording
 * ({@code Get "<url>": context deadline exceeded}, {@code server returned HTTP status 404 Not Found},
 * {@code body size limit exceeded}). Carries no stack trace: it is an expected outcome.
 */
public final class ScrapeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean bodySizeLimit;

    public ScrapeException(String message) {
        this(message, false);
    }

    ScrapeException(String message, boolean bodySizeLimit) {
        super(message, null, false, false);
        this.bodySizeLimit = bodySizeLimit;
    }

    /** Whether the body exceeded {@code body_size_limit}. */
    public boolean isBodySizeLimit() {
        return bodySizeLimit;
    }
}
