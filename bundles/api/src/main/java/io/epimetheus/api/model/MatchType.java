package io.epimetheus.api.model;

/** The four label matcher operators of PromQL. */
public enum MatchType {
    /** {@code =}: the value equals the literal. */
    EQUAL("="),
    /** {@code !=}: the value differs from the literal. */
    NOT_EQUAL("!="),
    /** {@code =~}: the value matches the fully anchored regular expression. */
    REGEX("=~"),
    /** {@code !~}: the value does not match the fully anchored regular expression. */
    NOT_REGEX("!~");

    private final String operator;

    MatchType(String operator) {
        this.operator = operator;
    }

    /** The operator as written in PromQL. */
    public String operator() {
        return operator;
    }

    /** Whether this is {@link #NOT_EQUAL} or {@link #NOT_REGEX}. */
    public boolean isNegative() {
        return this == NOT_EQUAL || this == NOT_REGEX;
    }

    /** The type for a PromQL operator string, or {@code null} if it is not one. */
    public static MatchType ofOperator(String op) {
        for (MatchType t : values()) {
            if (t.operator.equals(op)) {
                return t;
            }
        }
        return null;
    }
}
