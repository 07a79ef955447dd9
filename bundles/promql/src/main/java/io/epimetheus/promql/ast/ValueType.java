package io.epimetheus.promql.ast;

/** The type of a PromQL expression. */
public enum ValueType {
    NONE("none", "none"),
    SCALAR("scalar", "scalar"),
    VECTOR("vector", "instant vector"),
    MATRIX("matrix", "range vector"),
    STRING("string", "string");

    private final String text;
    private final String documented;

    ValueType(String text, String documented) {
        this.text = text;
        this.documented = documented;
    }

    /** The short name Prometheus uses internally ({@code vector}, {@code matrix}, ...). */
    public String text() {
        return text;
    }

    /** The name used in error messages ({@code instant vector}, {@code range vector}, ...). */
    public String documented() {
        return documented;
    }
}
