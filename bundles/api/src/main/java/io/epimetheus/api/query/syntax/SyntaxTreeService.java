package io.epimetheus.api.query.syntax;

/**
 * Parses PromQL into the JSON tree of Prometheus's {@code /api/v1/parse_query}: objects with a
 * {@code type} ({@code vectorSelector}, {@code matrixSelector}, {@code binaryExpr}, {@code
 * aggregation}, {@code call}, {@code numberLiteral}, {@code stringLiteral}, {@code parenExpr},
 * {@code unaryExpr}, {@code subquery}) and the fields Prometheus gives each (for a vector selector:
 * {@code name}, {@code matchers}, {@code offset}, {@code timestamp}, {@code startOrEnd}).
 *
 * <p>Threading: thread-safe and side-effect free.
 */
public interface SyntaxTreeService {

    /**
     * The syntax tree of {@code expr} as one JSON value, ready to be embedded in an API answer.
     *
     * @throws io.epimetheus.api.query.QueryException of type {@link
     *     io.epimetheus.api.query.ErrorType#BAD_DATA} if the expression does not parse, with PromQL's
     *     message
     */
    String syntaxTreeJson(String expr);
}
