package io.epimetheus.relabel;

import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import java.util.List;

/**
 * A compiled list of relabeling rules, applied in order; the first rule that drops the label set
 * ends processing. Immutable and thread-safe; callers pass their own scratch builder so that
 * relabeling allocates nothing but the result, and nothing at all when no rule changes the labels.
 */
public final class Relabeler {

    /** Rules that change nothing. */
    public static final Relabeler NONE = new Relabeler(new RelabelRule[0]);

    private final RelabelRule[] rules;

    private Relabeler(RelabelRule[] rules) {
        this.rules = rules;
    }

    /**
     * Compiles validated rules.
     *
     * @throws io.epimetheus.api.regex.RegexSyntaxException if a regex is not valid RE2 (validation
     *     by the configuration loader prevents this)
     */
    public static Relabeler compile(List<RelabelConfig> configs) {
        if (configs.isEmpty()) {
            return NONE;
        }
        RelabelRule[] rules = new RelabelRule[configs.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = new RelabelRule(configs.get(i));
        }
        return new Relabeler(rules);
    }

    /** Whether there are no rules. */
    public boolean isEmpty() {
        return rules.length == 0;
    }

    /**
     * Applies the rules.
     *
     * @param in the labels to relabel
     * @param scratch a builder the call may reset and use
     * @return the relabeled labels ({@code in} itself when nothing changed), or {@code null} when a
     *     rule dropped them
     */
    public Labels process(Labels in, LabelsBuilder scratch) {
        if (rules.length == 0) {
            return in;
        }
        LabelSetState state = new LabelSetState(in, scratch);
        for (RelabelRule rule : rules) {
            if (!rule.apply(state)) {
                return null;
            }
        }
        return state.result();
    }
}
