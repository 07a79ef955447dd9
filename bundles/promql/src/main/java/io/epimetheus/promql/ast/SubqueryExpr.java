package io.epimetheus.promql.ast;

/** A subquery, {@code expr[range:step]}. Durations are nanoseconds, timestamps milliseconds. */
public final class SubqueryExpr implements Expr {
    public Expr expr;
    public long rangeNanos;
    public final DurationExpr rangeExpr;
    /** The step, or 0 for the engine's default resolution. */
    public long stepNanos;
    public final DurationExpr stepExpr;
    public long originalOffsetNanos;
    public DurationExpr originalOffsetExpr;
    /** The offset used for evaluation: the written offset adjusted for {@code @}. */
    public long offsetNanos;
    public Long timestamp;
    public AtAnchor atAnchor = AtAnchor.NONE;
    public int endPos;

    public SubqueryExpr(Expr expr, long rangeNanos, DurationExpr rangeExpr, long stepNanos, DurationExpr stepExpr,
            int endPos) {
        this.expr = expr;
        this.rangeNanos = rangeNanos;
        this.rangeExpr = rangeExpr;
        this.stepNanos = stepNanos;
        this.stepExpr = stepExpr;
        this.endPos = endPos;
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public PosRange posRange() {
        return new PosRange(expr.posRange().start(), endPos);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
