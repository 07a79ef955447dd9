package io.epimetheus.promql.functions;

import io.epimetheus.api.model.Labels;
import io.epimetheus.promql.value.Annotations;
import io.epimetheus.promql.value.MetadataLabels;
import io.epimetheus.promql.value.StepVector;
import java.util.Arrays;

/**
 * What a function sees besides its arguments while one call node is evaluated over the steps of a
 * query (Prometheus's EvalNodeHelper): the step time, the annotations, and caches that live as
 * long as the node's evaluation so per-series work is done once rather than at every step.
 */
public final class FunctionContext {

    /** The timestamp of the step being evaluated, ms. */
    public long ts;
    public final boolean delayedNameRemoval;
    public final Annotations annotations;
    /** State a function keeps across the steps of this node; the function owns its type. */
    public Object state;

    private Labels[] droppedByOrigin = new Labels[0];
    private double[] scratch = new double[64];

    public FunctionContext(boolean delayedNameRemoval, Annotations annotations) {
        this.delayedNameRemoval = delayedNameRemoval;
        this.annotations = annotations;
    }

    /** A buffer of at least {@code n} doubles, reused by every call on this node. */
    public double[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new double[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }

    /**
     * The output labels of element {@code i} for a function that changes the meaning of the value:
     * without the metadata labels unless their removal is delayed to the end of the query.
     * Cached per input series.
     */
    public Labels resultLabels(StepVector in, int i) {
        Labels m = in.metric[i];
        if (delayedNameRemoval) {
            return m;
        }
        int o = in.origin[i];
        if (o < 0) {
            return MetadataLabels.drop(m);
        }
        if (o >= droppedByOrigin.length) {
            droppedByOrigin = Arrays.copyOf(droppedByOrigin, Math.max(o + 1, droppedByOrigin.length * 2));
        }
        Labels d = droppedByOrigin[o];
        if (d == null) {
            d = MetadataLabels.drop(m);
            droppedByOrigin[o] = d;
        }
        return d;
    }
}
