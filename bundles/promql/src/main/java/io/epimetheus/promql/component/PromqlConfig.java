package io.epimetheus.promql.component;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of the PromQL engine (PID {@code io.epimetheus.promql}), with Prometheus's defaults. */
@ObjectClassDefinition(id = "io.epimetheus.promql", name = "Epimetheus PromQL engine",
        description = "Limits and language features of the PromQL query engine.")
public @interface PromqlConfig {

    @AttributeDefinition(name = "Lookback delta", description = "How far back an instant vector selector looks "
            + "for a sample, as a Prometheus duration (Prometheus's --query.lookback-delta).")
    String lookback_delta() default "5m";

    @AttributeDefinition(name = "Query timeout", description = "The longest a query may take, waiting for a slot "
            + "included, as a Prometheus duration (--query.timeout). A request's own timeout may only be shorter.")
    String timeout() default "2m";

    @AttributeDefinition(name = "Max samples", description = "The most samples a single query may hold in memory "
            + "(--query.max-samples); a query that needs more fails with an error.")
    long max_samples() default 50_000_000L;

    @AttributeDefinition(name = "Max concurrency", description = "How many queries evaluate at the same time "
            + "(--query.max-concurrency); further queries wait for a slot within their timeout.")
    int max_concurrency() default 20;

    @AttributeDefinition(name = "Default subquery step", description = "The step of subqueries written without one, "
            + "like [1h:], as a Prometheus duration. Empty: as Prometheus, the global evaluation_interval of "
            + "prometheus.yml (from the configuration service; 1m without it). A value fixes the step.", required = false)
    String default_subquery_step() default "";

    @AttributeDefinition(name = "Experimental functions", description = "Enable experimental functions and "
            + "aggregations: limitk, limit_ratio, info, sort_by_label, double_exponential_smoothing, mad_over_time, "
            + "ts_of_*_over_time, histogram_quantiles, ... (--enable-feature=promql-experimental-functions).")
    boolean enable_experimental_functions() default false;

    @AttributeDefinition(name = "Duration expressions", description = "Enable arithmetic in ranges, steps and "
            + "offsets, step(), range(), min_of() and max_of() (--enable-feature=promql-duration-expr).")
    boolean enable_duration_expressions() default false;

    @AttributeDefinition(name = "Extended range selectors", description = "Enable the anchored and smoothed range "
            + "modifiers (--enable-feature=promql-extended-range-selectors).")
    boolean enable_extended_range_selectors() default false;

    @AttributeDefinition(name = "Binary operator fill modifiers", description = "Enable fill(), fill_left() and "
            + "fill_right() on binary operators (--enable-feature=promql-binop-fill-modifiers).")
    boolean enable_binop_fill_modifiers() default false;

    @AttributeDefinition(name = "Delayed name removal", description = "Drop __name__ at the end of evaluation "
            + "instead of at each operation (--enable-feature=promql-delayed-name-removal).")
    boolean enable_delayed_name_removal() default false;

    @AttributeDefinition(name = "Type and unit labels", description = "Treat __type__ and __unit__ labels as metric "
            + "metadata (--enable-feature=type-and-unit-labels).")
    boolean enable_type_and_unit_labels() default false;
}
