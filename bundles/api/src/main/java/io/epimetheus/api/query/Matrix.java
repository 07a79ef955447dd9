package io.epimetheus.api.query;

import java.util.List;

/**
 * A range result: series with their samples, sorted by labels.
 *
 * @param series the series
 */
public record Matrix(List<Series> series) implements QueryValue {
    public Matrix {
        series = List.copyOf(series);
    }

    @Override
    public String resultType() {
        return "matrix";
    }
}
