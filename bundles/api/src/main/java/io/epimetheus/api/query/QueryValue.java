package io.epimetheus.api.query;

/** A PromQL value as returned by the API: one of the four result types. */
public sealed interface QueryValue permits Vector, Matrix, Scalar, StringValue {

    /** The {@code resultType} of the Prometheus API: vector, matrix, scalar or string. */
    String resultType();
}
