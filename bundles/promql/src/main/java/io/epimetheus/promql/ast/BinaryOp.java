package io.epimetheus.promql.ast;

/** The binary operators of PromQL, with their precedence. */
public enum BinaryOp {
    LOR("or", 1),
    LAND("and", 2),
    LUNLESS("unless", 2),
    EQLC("==", 3),
    NEQ("!=", 3),
    LTE("<=", 3),
    LSS("<", 3),
    GTE(">=", 3),
    GTR(">", 3),
    TRIM_UPPER("</", 3),
    TRIM_LOWER(">/", 3),
    ADD("+", 4),
    SUB("-", 4),
    MUL("*", 5),
    DIV("/", 5),
    MOD("%", 5),
    ATAN2("atan2", 5),
    POW("^", 6);

    /** The precedence of unary plus and minus: that of multiplication. */
    public static final int UNARY_PRECEDENCE = 5;

    private final String text;
    private final int precedence;

    BinaryOp(String text, int precedence) {
        this.text = text;
        this.precedence = precedence;
    }

    /** The operator as written. */
    public String text() {
        return text;
    }

    /** Higher binds tighter. */
    public int precedence() {
        return precedence;
    }

    /** Whether the operator associates to the right ({@code ^} only). */
    public boolean rightAssociative() {
        return this == POW;
    }

    public boolean isComparison() {
        return switch (this) {
            case EQLC, NEQ, LTE, LSS, GTE, GTR -> true;
            default -> false;
        };
    }

    public boolean isSetOperator() {
        return this == LAND || this == LOR || this == LUNLESS;
    }

    /** Whether the result no longer has the meaning of the input metric (arithmetic). */
    public boolean changesMetricSchema() {
        return switch (this) {
            case ADD, SUB, MUL, DIV, POW, MOD, ATAN2 -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
