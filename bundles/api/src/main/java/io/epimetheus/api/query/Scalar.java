package io.epimetheus.api.query;

/**
 * A scalar result.
 *
 * @param t the evaluation timestamp, ms
 * @param v the value
 */
public record Scalar(long t, double v) implements QueryValue {
    @Override
    public String resultType() {
        return "scalar";
    }
}
