package io.epimetheus.promql.ast;

/** The operators and functions of duration expressions ({@code [5m * 2]}, {@code offset step()}). */
public enum DurationOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"), STEP("step"), RANGE("range"), MIN_OF("min_of"),
    MAX_OF("max_of");

    private final String text;

    DurationOp(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
