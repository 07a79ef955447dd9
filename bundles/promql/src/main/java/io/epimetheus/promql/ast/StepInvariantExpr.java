package io.epimetheus.promql.ast;

/**
 * Marks a sub-expression whose value is the same at every step of a range query (because of
 * {@code @} modifiers), so the engine evaluates it once. Inserted by the engine, never by the
 * parser.
 */
public final class StepInvariantExpr implements Expr {
    public final Expr expr;

    public StepInvariantExpr(Expr expr) {
        this.expr = expr;
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public PosRange posRange() {
        return expr.posRange();
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
