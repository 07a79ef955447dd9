package io.epimetheus.api.query;

import io.epimetheus.api.model.Labels;

/**
 * One element of an instant vector.
 *
 * @param metric the series labels
 * @param t the timestamp, ms
 * @param v the value
 */
public record Sample(Labels metric, long t, double v) {
}
