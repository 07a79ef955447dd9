package io.epimetheus.promql.ast;

/**
 * A node of the PromQL syntax tree. Nodes are mutable: the engine resolves {@code @ start()},
 * duration expressions and offsets in place before evaluation, so a tree belongs to one query.
 * {@link Object#toString()} prints the canonical single-line form.
 */
public sealed interface Expr permits AggregateExpr, BinaryExpr, Call, DurationExpr, MatrixSelector, NumberLiteral,
        ParenExpr, StepInvariantExpr, StringLiteral, SubqueryExpr, UnaryExpr, VectorSelector {

    /** The type of value the expression evaluates to. */
    ValueType type();

    /** Where the expression is in the query text. */
    PosRange posRange();
}
