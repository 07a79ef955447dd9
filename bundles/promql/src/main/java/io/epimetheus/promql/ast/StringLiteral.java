package io.epimetheus.promql.ast;

/** A string literal, unquoted. */
public final class StringLiteral implements Expr {
    public final String val;
    public final PosRange posRange;

    public StringLiteral(String val, PosRange posRange) {
        this.val = val;
        this.posRange = posRange;
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
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
