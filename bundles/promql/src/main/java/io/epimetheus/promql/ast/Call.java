package io.epimetheus.promql.ast;

import java.util.List;

/** A function call. */
public final class Call implements Expr {
    public final FunctionDef func;
    /** The arguments; the engine replaces some in place (subqueries, folded constants). */
    public final List<Expr> args;
    public final PosRange posRange;

    public Call(FunctionDef func, List<Expr> args, PosRange posRange) {
        this.func = func;
        this.args = args;
        this.posRange = posRange;
    }

    @Override
    public ValueType type() {
        return func.returnType();
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
