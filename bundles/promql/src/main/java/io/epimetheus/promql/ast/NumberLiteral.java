package io.epimetheus.promql.ast;

/** A number, or a duration written with units (then {@link #duration} is set and the value is seconds). */
public final class NumberLiteral implements Expr {
    public double val;
    public boolean duration;
    public PosRange posRange;

    public NumberLiteral(double val, boolean duration, PosRange posRange) {
        this.val = val;
        this.duration = duration;
        this.posRange = posRange;
    }

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
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
