package io.epimetheus.api.rules;

import io.epimetheus.api.model.Labels;
import java.util.Objects;
import java.time.Instant;

/**
 * A pending or firing alert of an {@link AlertingRule}.
 *
 * @param labels the alert's labels (with {@code alertname})
 * @param annotations its expanded annotations
 * @param state pending or firing
 * @param activeAt when it became pending
 * @param keepFiringSince since when it is kept firing by {@code keep_firing_for} although its
 *     condition no longer holds, or {@code null}
 * @param value the value of the sample that triggered it at the last evaluation
 */
public record ActiveAlert(Labels labels, Labels annotations, AlertState state, Instant activeAt,
        Instant keepFiringSince, double value) {
    public ActiveAlert {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(activeAt, "activeAt");
    }
}
