package io.epimetheus.promql.functions;

import io.epimetheus.promql.ast.Call;

/** A function of a range vector (and possibly scalars), evaluated for one series at one step. */
@FunctionalInterface
public interface RangeFunction {

    /**
     * Computes the function over the window.
     *
     * @param params the scalar arguments at this step, in argument order without the range vector
     * @param result where the value goes: {@code result[0]}
     * @return false when the series has no value at this step
     */
    boolean apply(RangeWindow w, double[] params, Call call, FunctionContext ctx, double[] result);
}
