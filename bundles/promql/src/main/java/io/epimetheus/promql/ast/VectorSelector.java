package io.epimetheus.promql.ast;

import io.epimetheus.api.model.Matcher;
import java.util.List;

/**
 * An instant vector selector such as {@code http_requests_total{job="api"} offset 5m @ 1000}.
 * Durations are nanoseconds, timestamps milliseconds.
 */
public final class VectorSelector implements Expr {
    /** The metric name written before the braces, or empty. */
    public final String name;
    /** All matchers, including the one for {@link #name}. */
    public final List<Matcher> matchers;
    public long originalOffsetNanos;
    public DurationExpr originalOffsetExpr;
    /** The offset used for evaluation: the written offset adjusted for {@code @}. */
    public long offsetNanos;
    /** The {@code @} timestamp in milliseconds, or null. */
    public Long timestamp;
    public AtAnchor atAnchor = AtAnchor.NONE;
    public boolean anchored;
    public boolean smoothed;
    /** Set for the label selector argument of {@code info()}, which may match the empty string. */
    public boolean bypassEmptyMatcherCheck;
    public PosRange posRange;

    public VectorSelector(String name, List<Matcher> matchers, PosRange posRange) {
        this.name = name;
        this.matchers = matchers;
        this.posRange = posRange;
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public PosRange posRange() {
        return posRange;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
