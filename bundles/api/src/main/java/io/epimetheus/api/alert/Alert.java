package io.epimetheus.api.alert;

import io.epimetheus.api.model.Labels;
import java.time.Instant;
import java.util.Objects;

/**
 * An alert as sent from rule evaluation to an Alertmanager (the {@code postableAlert} of the
 * Alertmanager API v2).
 *
 * @param labels identifying labels, including {@code alertname}
 * @param annotations descriptive annotations
 * @param startsAt when the alert started firing
 * @param endsAt when it resolved, or when it should be considered resolved if not refreshed;
 *     {@code null} when unknown
 * @param generatorUrl a link back to the source (the rule's expression), or {@code ""}
 */
public record Alert(Labels labels, Labels annotations, Instant startsAt, Instant endsAt, String generatorUrl) {
    public Alert {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(generatorUrl, "generatorUrl");
    }

    /** Whether the alert has resolved as of {@code now}. */
    public boolean isResolvedAt(Instant now) {
        return endsAt != null && !endsAt.isAfter(now);
    }
}
