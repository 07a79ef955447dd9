package io.epimetheus.api.query;

import java.util.Objects;

/**
 * A query that could not be parsed or evaluated. The message is the text the Prometheus API
 * returns in {@code error}; parse errors include the position ({@code 1:5: parse error: ...}).
 */
public class QueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorType type;

    public QueryException(ErrorType type, String message) {
        super(message);
        this.type = Objects.requireNonNull(type, "type");
    }

    public QueryException(ErrorType type, String message, Throwable cause) {
        super(message, cause);
        this.type = Objects.requireNonNull(type, "type");
    }

    public ErrorType type() {
        return type;
    }
}
