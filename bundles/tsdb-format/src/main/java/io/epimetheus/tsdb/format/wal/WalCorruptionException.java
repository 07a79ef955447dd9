package io.epimetheus.tsdb.format.wal;

import io.epimetheus.tsdb.format.encoding.CorruptionException;
import java.nio.file.Path;

/** A WAL segment is damaged at {@link #offset()}; everything before it reads fine. */
public final class WalCorruptionException extends CorruptionException {

    private static final long serialVersionUID = 1L;

    private final transient Path segment;
    private final long offset;

    public WalCorruptionException(Path segment, long offset, String message) {
        super("corruption in WAL segment " + segment + " at offset " + offset + ": " + message);
        this.segment = segment;
        this.offset = offset;
    }

    public Path segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }
}
