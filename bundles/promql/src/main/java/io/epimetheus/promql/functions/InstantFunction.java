package io.epimetheus.promql.functions;

import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.value.StepVector;

/** A function of instant vectors and scalars, evaluated step by step. */
@FunctionalInterface
public interface InstantFunction {

    /**
     * Computes the function at {@code ctx.ts}.
     *
     * @param args the evaluated arguments at this step: vectors, scalars as one-element vectors,
     *     strings as empty vectors (read them from {@code call})
     * @param call the call node, for string arguments and annotation positions
     * @param out where to append the result (a scalar result is one element)
     */
    void apply(StepVector[] args, Call call, FunctionContext ctx, StepVector out);
}
