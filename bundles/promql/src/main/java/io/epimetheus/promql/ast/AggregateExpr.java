package io.epimetheus.promql.ast;

import java.util.List;

/** An aggregation such as {@code sum by (job) (x)} or {@code topk(5, x)}. */
public final class AggregateExpr implements Expr {
    public final AggregateOp op;
    public Expr expr;
    /** The parameter of {@code topk}, {@code quantile}, {@code count_values}, ...; otherwise null. */
    public Expr param;
    public final List<String> grouping;
    public final boolean without;
    public final PosRange posRange;

    public AggregateExpr(AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without,
            PosRange posRange) {
        this.op = op;
        this.expr = expr;
        this.param = param;
        this.grouping = grouping;
        this.without = without;
        this.posRange = posRange;
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
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
