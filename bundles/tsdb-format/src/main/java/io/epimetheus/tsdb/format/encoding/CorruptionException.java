package io.epimetheus.tsdb.format.encoding;

import io.epimetheus.api.storage.StorageException;

/**
 * Data on disk does not decode: a bad checksum, a truncated record, an impossible value. It is a
 * {@link StorageException} that retrying will not fix.
 */
public class CorruptionException extends StorageException {

    private static final long serialVersionUID = 1L;

    public CorruptionException(String message) {
        super(message, false);
    }

    public CorruptionException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
