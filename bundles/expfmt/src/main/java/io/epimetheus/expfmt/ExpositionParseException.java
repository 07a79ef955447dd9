package io.epimetheus.expfmt;

/**
 * An exposition body that does not parse. {@link #reason()} says what is wrong, in Prometheus's
 * wording where Prometheus has one (so the scrape error matches what Prometheus reports); the
 * message adds where: line and column (1-based, column counted in characters) and the byte
 * offset into the body.
 */
public final class ExpositionParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int line;
    private final int column;
    private final int offset;

    public ExpositionParseException(String reason, int line, int column, int offset) {
        super(reason + " (line " + line + ", column " + column + ", byte offset " + offset + ")");
        this.reason = reason;
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /** The 1-based line of the error. */
    public int line() {
        return line;
    }

    /** The 1-based column of the error, in characters. */
    public int column() {
        return column;
    }

    /** The 0-based byte offset of the error in the body. */
    public int offset() {
        return offset;
    }
}
