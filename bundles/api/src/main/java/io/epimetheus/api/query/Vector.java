package io.epimetheus.api.query;

import java.util.List;

/**
 * An instant vector: at most one sample per label set, all at the evaluation time.
 *
 * @param samples the samples, in the engine's output order (sorted unless the query sorts)
 */
public record Vector(List<Sample> samples) implements QueryValue {
    public Vector {
        samples = List.copyOf(samples);
    }

    @Override
    public String resultType() {
        return "vector";
    }
}
