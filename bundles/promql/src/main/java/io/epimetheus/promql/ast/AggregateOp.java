package io.epimetheus.promql.ast;

import java.util.Locale;

/** The aggregation operators. */
public enum AggregateOp {
    AVG, BOTTOMK, COUNT, COUNT_VALUES, GROUP, MAX, MIN, QUANTILE, STDDEV, STDVAR, SUM, TOPK, LIMITK, LIMIT_RATIO;

    private final String text = name().toLowerCase(Locale.ROOT);

    /** The operator as written. */
    public String text() {
        return text;
    }

    /** Whether the operator takes a parameter before the vector. */
    public boolean hasParam() {
        return this == TOPK || this == BOTTOMK || this == COUNT_VALUES || this == QUANTILE || this == LIMITK
                || this == LIMIT_RATIO;
    }

    /** Whether the operator is experimental (needs the experimental functions option). */
    public boolean experimental() {
        return this == LIMITK || this == LIMIT_RATIO;
    }

    @Override
    public String toString() {
        return text;
    }
}
