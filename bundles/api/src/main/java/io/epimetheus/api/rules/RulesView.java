package io.epimetheus.api.rules;

import java.util.List;

/**
 * The state of rule evaluation, registered by the bundle that evaluates recording and alerting
 * rules.
 *
 * <p>Threading: thread-safe; every call returns an immutable snapshot that the caller owns. Must be
 * cheap enough to call per HTTP request (no evaluation, no I/O).
 */
public interface RulesView {

    /**
     * Every rule group, in the order of the rule files in the configuration and of the groups in
     * each file; rules in file order.
     */
    List<RuleGroup> ruleGroups();
}
