package io.epimetheus.promql.engine;

import io.epimetheus.api.storage.Querier;
import io.epimetheus.promql.value.Annotations;

/** What all evaluators of one query (including those of its subqueries) share. */
final class EvalContext {

    final Querier querier;
    final SampleBudget budget;
    final Interrupts interrupts;
    final Annotations annotations = new Annotations();
    final boolean delayedNameRemoval;
    /** Whether {@code __type__} and {@code __unit__} labels carry metric metadata (Prometheus's type-and-unit-labels). */
    final boolean typeAndUnitLabels;
    final long lookbackMillis;
    final long noStepSubqueryIntervalMillis;

    EvalContext(Querier querier, SampleBudget budget, Interrupts interrupts, boolean delayedNameRemoval,
            boolean typeAndUnitLabels, long lookbackMillis, long noStepSubqueryIntervalMillis) {
        this.querier = querier;
        this.budget = budget;
        this.interrupts = interrupts;
        this.delayedNameRemoval = delayedNameRemoval;
        this.typeAndUnitLabels = typeAndUnitLabels;
        this.lookbackMillis = lookbackMillis;
        this.noStepSubqueryIntervalMillis = noStepSubqueryIntervalMillis;
    }
}
