package io.epimetheus.pushgateway;

import io.epimetheus.api.model.Labels;

/** One pushed sample: its full name ({@code foo_bucket}), labels (grouping labels applied) and value. */
record PushedSample(String name, Labels labels, double value) {
}
