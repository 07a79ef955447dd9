package io.epimetheus.promql.ast;

/** A binary operation. */
public final class BinaryExpr implements Expr {
    public final BinaryOp op;
    public Expr lhs;
    public Expr rhs;
    /** The vector matching; null unless both sides are instant vectors. */
    public VectorMatching matching;
    /** Whether a comparison returns 0/1 ({@code bool}) instead of filtering. */
    public final boolean returnBool;

    public BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool) {
        this.op = op;
        this.lhs = lhs;
        this.rhs = rhs;
        this.matching = matching;
        this.returnBool = returnBool;
    }

    @Override
    public ValueType type() {
        if (lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR) {
            return ValueType.SCALAR;
        }
        return ValueType.VECTOR;
    }

    @Override
    public PosRange posRange() {
        return new PosRange(lhs.posRange().start(), rhs.posRange().end());
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
