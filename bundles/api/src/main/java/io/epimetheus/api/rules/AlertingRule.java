package io.epimetheus.api.rules;

import io.epimetheus.api.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An alerting rule with the alerts it currently holds.
 *
 * @param name the alert name
 * @param query its expression
 * @param holdDuration the {@code for} duration
 * @param keepFiringFor the {@code keep_firing_for} duration
 * @param labels the labels it adds
 * @param annotations its annotation templates
 * @param state the most advanced state of its alerts ({@link AlertState#INACTIVE} without any)
 * @param alerts its pending and firing alerts
 * @param health the outcome of the last evaluation
 * @param lastError the last evaluation's error, or ""
 * @param evaluationTime how long the last evaluation took
 * @param lastEvaluation when it last ran, or {@code null}
 */
public record AlertingRule(String name, String query, Duration holdDuration, Duration keepFiringFor, Labels labels,
        Labels annotations, AlertState state, List<ActiveAlert> alerts, RuleHealth health, String lastError,
        Duration evaluationTime, Instant lastEvaluation) implements Rule {
    public AlertingRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(holdDuration, "holdDuration");
        Objects.requireNonNull(keepFiringFor, "keepFiringFor");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(state, "state");
        alerts = List.copyOf(alerts);
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(evaluationTime, "evaluationTime");
    }
}
