package io.epimetheus.promql.ast;

import java.util.List;

/**
 * The signature of a PromQL function.
 *
 * @param name the function name
 * @param argTypes the argument types; with {@code variadic != 0} the last type repeats
 * @param variadic 0 for a fixed argument count, -1 for any number of repetitions of the last
 *     argument, n &gt; 0 for up to n extra arguments of the last type
 * @param returnType the result type
 * @param experimental whether the function needs the experimental functions option
 */
public record FunctionDef(String name, List<ValueType> argTypes, int variadic, ValueType returnType,
        boolean experimental) {
}
