package io.epimetheus.api.storage;

/**
 * A storage operation failed. {@link #isRetryable()} tells callers whether trying again later
 * can succeed (storage closing, disk full, being replaced) — an HTTP layer answers 503 then — or
 * whether the input itself is at fault.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public StorageException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public StorageException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether the same operation may succeed if retried later. */
    public boolean isRetryable() {
        return retryable;
    }
}
