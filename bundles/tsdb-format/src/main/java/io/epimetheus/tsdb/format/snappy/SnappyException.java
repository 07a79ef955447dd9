package io.epimetheus.tsdb.format.snappy;

/** Snappy data that cannot be decoded; the message says what is wrong. */
public final class SnappyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SnappyException(String message) {
        super(message);
    }
}
