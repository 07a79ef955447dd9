package io.epimetheus.promql.ast;

/** Unary plus or minus applied to a scalar or instant vector. */
public final class UnaryExpr implements Expr {
    /** {@link BinaryOp#ADD} or {@link BinaryOp#SUB}. */
    public final BinaryOp op;
    public Expr expr;
    public final int startPos;

    public UnaryExpr(BinaryOp op, Expr expr, int startPos) {
        this.op = op;
        this.expr = expr;
        this.startPos = startPos;
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public PosRange posRange() {
        return new PosRange(startPos, expr.posRange().end());
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
