package io.epimetheus.promql.parse;

import io.epimetheus.promql.ast.PosRange;

/**
 * A query that does not parse or type-check. The message is Prometheus's:
 * {@code 1:5: parse error: unexpected end of input}.
 */
public final class ParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient PosRange posRange;
    private final String detail;

    public ParseException(PosRange posRange, String detail, String query) {
        super(posRange.startPosInput(query) + ": parse error: " + detail);
        this.posRange = posRange;
        this.detail = detail;
    }

    /** Where the error is. */
    public PosRange posRange() {
        return posRange;
    }

    /** The message without the position prefix. */
    public String detail() {
        return detail;
    }
}
