package io.epimetheus.api.query;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a successful evaluation.
 *
 * @param value the result: a {@link Vector}, {@link Matrix}, {@link Scalar} or {@link StringValue}
 * @param warnings problems that did not stop evaluation (Prometheus's {@code warnings})
 * @param infos informational annotations (Prometheus's {@code infos})
 * @param stats sample and timing statistics
 */
public record QueryResult(QueryValue value, List<String> warnings, List<String> infos, QueryStats stats) {
    public QueryResult {
        Objects.requireNonNull(value, "value");
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
        Objects.requireNonNull(stats, "stats");
    }
}
