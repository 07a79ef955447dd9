package io.epimetheus.api.rules;

import io.epimetheus.api.model.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A recording rule.
 *
 * @param name the metric name it records
 * @param query its expression
 * @param labels the labels it adds
 * @param health the outcome of the last evaluation
 * @param lastError the last evaluation's error, or ""
 * @param evaluationTime how long the last evaluation took
 * @param lastEvaluation when it last ran, or {@code null}
 */
public record RecordingRule(String name, String query, Labels labels, RuleHealth health, String lastError,
        Duration evaluationTime, Instant lastEvaluation) implements Rule {
    public RecordingRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(evaluationTime, "evaluationTime");
    }
}
