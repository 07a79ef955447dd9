package io.epimetheus.promql.value;

import io.epimetheus.api.model.Labels;

/**
 * The metadata labels {@code __name__}, {@code __type__} and {@code __unit__}: what Prometheus
 * drops from a series when an operation changes the meaning of its values.
 */
public final class MetadataLabels {

    public static final String TYPE = "__type__";
    public static final String UNIT = "__unit__";

    private static final String[] NAMES = {Labels.METRIC_NAME, TYPE, UNIT};

    private MetadataLabels() {
    }

    /** {@code labels} without the metadata labels; the same instance when it has none. */
    public static Labels drop(Labels labels) {
        return labels.without(NAMES);
    }
}
