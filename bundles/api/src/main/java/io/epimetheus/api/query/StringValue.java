package io.epimetheus.api.query;

import java.util.Objects;

/**
 * A string result.
 *
 * @param t the evaluation timestamp, ms
 * @param v the string
 */
public record StringValue(long t, String v) implements QueryValue {
    public StringValue {
        Objects.requireNonNull(v, "v");
    }

    @Override
    public String resultType() {
        return "string";
    }
}
