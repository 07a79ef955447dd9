package io.epimetheus.api.rules;

import io.epimetheus.api.model.Labels;
import java.time.Duration;
import java.time.Instant;

/** A recording or an alerting rule with the state of its last evaluation. */
public sealed interface Rule permits RecordingRule, AlertingRule {

    /** The recorded metric name, or the alert name. */
    String name();

    /** The PromQL expression, as PromQL prints it. */
    String query();

    /** The labels the rule adds to its output. */
    Labels labels();

    /** The outcome of the last evaluation. */
    RuleHealth health();

    /** The error of the last evaluation, or "" when it succeeded. */
    String lastError();

    /** How long the last evaluation took. */
    Duration evaluationTime();

    /** When the last evaluation ran, or {@code null} before the first. */
    Instant lastEvaluation();
}
