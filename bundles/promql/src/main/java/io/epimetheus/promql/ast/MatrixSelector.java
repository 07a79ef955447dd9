package io.epimetheus.promql.ast;

/** A range vector selector: a vector selector with a range, {@code x[5m]}. */
public final class MatrixSelector implements Expr {
    public final VectorSelector vectorSelector;
    public long rangeNanos;
    public final DurationExpr rangeExpr;
    public int endPos;

    public MatrixSelector(VectorSelector vectorSelector, long rangeNanos, DurationExpr rangeExpr, int endPos) {
        this.vectorSelector = vectorSelector;
        this.rangeNanos = rangeNanos;
        this.rangeExpr = rangeExpr;
        this.endPos = endPos;
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public PosRange posRange() {
        return new PosRange(vectorSelector.posRange().start(), endPos);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
