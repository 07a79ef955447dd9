package io.epimetheus.api.regex;

/**
 * A regular expression that RE2 (and so Prometheus) does not accept. The message follows Go's
 * {@code regexp} wording, e.g. {@code error parsing regexp: missing closing ): `(a`}.
 */
public final class RegexSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String expression;

    public RegexSyntaxException(String message, String expression) {
        super(message);
        this.expression = expression;
    }

    /** The expression as the user wrote it. */
    public String expression() {
        return expression;
    }
}
