package io.epimetheus.api.query;

import io.epimetheus.api.model.Labels;

/**
 * One series of a range result: the first {@code count} entries of the arrays are its samples in
 * timestamp order. The arrays belong to the series; do not modify them.
 *
 * @param metric the series labels
 * @param timestamps sample timestamps, ms
 * @param values sample values
 * @param count the number of samples
 */
public record Series(Labels metric, long[] timestamps, double[] values, int count) {
    public Series {
        if (count < 0 || count > timestamps.length || count > values.length) {
            throw new IllegalArgumentException("count " + count + " exceeds the sample arrays");
        }
    }
}
