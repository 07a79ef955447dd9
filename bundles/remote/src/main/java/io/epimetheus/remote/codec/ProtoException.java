package io.epimetheus.remote.codec;

/**
 * A protobuf message that does not decode: truncated, a wire type that does not fit the field, or
 * a value out of range. The message names the position and the problem.
 */
public final class ProtoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProtoException(String message) {
        super(message);
    }
}
