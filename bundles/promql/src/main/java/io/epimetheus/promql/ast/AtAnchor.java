package io.epimetheus.promql.ast;

/** The {@code @ start()} and {@code @ end()} forms of the {@code @} modifier. */
public enum AtAnchor {
    /** No {@code @ start()} or {@code @ end()}. */
    NONE,
    START,
    END
}
