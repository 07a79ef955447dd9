package io.epimetheus.promql.ast;

/** An expression in parentheses. */
public final class ParenExpr implements Expr {
    public Expr expr;
    public final PosRange posRange;

    public ParenExpr(Expr expr, PosRange posRange) {
        this.expr = expr;
        this.posRange = posRange;
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public PosRange posRange() {
        return posRange;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
