package io.epimetheus.api.regex;

/**
 * A regular expression that RE2 (and so Prometheus) does not accept. The message is Go's:
 * {@code error parsing regexp: <problem>: `<offending part>`}, e.g.
 * {@code error parsing regexp: missing closing ): `(a`}.
 */
public final class RegexSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String fragment;
    private final String expression;

    /**
     * @param problem Go's error code text, e.g. {@code missing closing )}
     * @param fragment the offending part of the expression as Go reports it
     * @param expression the whole expression as the user wrote it
     */
    public RegexSyntaxException(String problem, String fragment, String expression) {
        super("error parsing regexp: " + problem + ": `" + printable(fragment) + "`");
        this.problem = problem;
        this.fragment = fragment;
        this.expression = expression;
    }

    /** What is wrong, in Go's words, e.g. {@code invalid escape sequence}. */
    public String problem() {
        return problem;
    }

    /** The part of the expression the problem is about, e.g. {@code \1}. */
    public String fragment() {
        return fragment;
    }

    /** The expression as the user wrote it. */
    public String expression() {
        return expression;
    }

    // An unpaired surrogate (Go's invalid UTF-8) cannot be printed; show U+FFFD as Go's output would.
    private static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (sb != null) {
                    sb.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length()).append(s, 0, i);
                }
                sb.append('\uFFFD');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
