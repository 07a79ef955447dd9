package io.epimetheus.promql.ast;

/**
 * Arithmetic on durations, as allowed in ranges, subquery steps and offsets when duration
 * expressions are enabled ({@code [5m * 2]}, {@code offset step()}). Values are seconds. A unary
 * operator has only {@link #rhs}; {@code step()} and {@code range()} have neither operand.
 */
public final class DurationExpr implements Expr {
    public final DurationOp op;
    public final Expr lhs;
    public final Expr rhs;
    /** Whether the expression was written in parentheses. */
    public boolean wrapped;
    public final int startPos;
    public final int endPos;

    public DurationExpr(DurationOp op, Expr lhs, Expr rhs, boolean wrapped, int startPos, int endPos) {
        this.op = op;
        this.lhs = lhs;
        this.rhs = rhs;
        this.wrapped = wrapped;
        this.startPos = startPos;
        this.endPos = endPos;
    }

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    @Override
    public PosRange posRange() {
        if (lhs == null && rhs == null) {
            return new PosRange(startPos, endPos);
        }
        if (rhs == null) {
            return new PosRange(startPos, lhs.posRange().end());
        }
        if (lhs == null) {
            return new PosRange(startPos, rhs.posRange().end());
        }
        return new PosRange(lhs.posRange().start(), rhs.posRange().end());
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
