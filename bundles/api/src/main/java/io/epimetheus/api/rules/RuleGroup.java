package io.epimetheus.api.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A rule group as {@code /api/v1/rules} reports it.
 *
 * @param name the group name
 * @param file the absolute path of the rule file that defines it
 * @param rules its rules, in file order
 * @param interval the evaluation interval
 * @param limit the group's {@code limit} (0: none)
 * @param evaluationTime how long the last evaluation of the whole group took
 * @param lastEvaluation when the last evaluation started, or {@code null} before the first
 */
public record RuleGroup(String name, String file, List<Rule> rules, Duration interval, int limit,
        Duration evaluationTime, Instant lastEvaluation) {
    public RuleGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        rules = List.copyOf(rules);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(evaluationTime, "evaluationTime");
    }
}
