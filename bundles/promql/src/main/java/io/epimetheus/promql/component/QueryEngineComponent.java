package io.epimetheus.promql.component;

import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.promql.engine.EngineSettings;
import io.epimetheus.promql.engine.PromqlEngine;
import io.epimetheus.promql.parse.ParserOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the PromQL engine as the {@link QueryEngine} service. A configuration change takes
 * effect for new queries; queries already running finish with the settings they started with. When
 * the component stops, running queries are canceled.
 *
 * <p>Subqueries written without a step ({@code x[1h:]}) use, as in Prometheus, the global
 * {@code evaluation_interval} of {@code prometheus.yml} when a {@link ConfigService} is present and
 * {@code default.subquery.step} is empty (its default); a non-empty value fixes the step; with
 * neither it is Prometheus's default interval, 1m.
 */
@Component(service = QueryEngine.class, configurationPid = "io.epimetheus.promql",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PromqlConfig.class)
public final class QueryEngineComponent implements QueryEngine {

    /** The property that, when not empty, fixes the step of subqueries written without one. */
    static final String SUBQUERY_STEP_PROPERTY = "default.subquery.step";

    /** Prometheus's default global evaluation interval. */
    static final long DEFAULT_EVALUATION_INTERVAL_MILLIS = 60_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigService configService;

    private volatile PromqlEngine engine;

    @Activate
    public QueryEngineComponent(PromqlConfig config) {
        this.engine = engine(config);
    }

    /** Applies a new configuration; an invalid one is rejected and the current settings stay. */
    @Modified
    void modified(PromqlConfig config) {
        engine = engine(config);
    }

    private PromqlEngine engine(PromqlConfig config) {
        EngineSettings settings = settings(config);
        if (!config.default_subquery_step().isBlank()) {
            return new PromqlEngine(settings);
        }
        long fallback = settings.noStepSubqueryIntervalMillis();
        return new PromqlEngine(settings, () -> evaluationIntervalMillis(configService, fallback));
    }

    /** The global evaluation interval of the running configuration, or {@code fallback} without one. */
    static long evaluationIntervalMillis(ConfigService config, long fallback) {
        if (config == null) {
            return fallback;
        }
        long ms = config.current().global().evaluationInterval().toMillis();
        return ms > 0 ? ms : fallback;
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    /** The engine settings of a configuration. */
    static EngineSettings settings(PromqlConfig c) {
        ParserOptions parser = parserOptions(c);
        String step = c.default_subquery_step();
        try {
            long stepMillis = step.isBlank() ? DEFAULT_EVALUATION_INTERVAL_MILLIS : positive(SUBQUERY_STEP_PROPERTY, step);
            return new EngineSettings(positive("lookback.delta", c.lookback_delta()), positive("timeout", c.timeout()),
                    c.max_samples(), c.max_concurrency(), stepMillis, parser, c.enable_delayed_name_removal(),
                    c.enable_type_and_unit_labels());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("io.epimetheus.promql: " + e.getMessage(), e);
        }
    }

    /** The language features a configuration enables. */
    static ParserOptions parserOptions(PromqlConfig c) {
        return new ParserOptions(c.enable_experimental_functions(), c.enable_duration_expressions(),
                c.enable_extended_range_selectors(), c.enable_binop_fill_modifiers());
    }

    private static long positive(String key, String value) {
        long ms;
        try {
            ms = PromDuration.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
        if (ms <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
        return ms;
    }

    @Override
    public Query instantQuery(Queryable storage, String expr, long timeMillis, QueryOptions options) {
        return engine.instantQuery(storage, expr, timeMillis, options);
    }

    @Override
    public Query rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis,
            QueryOptions options) {
        return engine.rangeQuery(storage, expr, startMillis, endMillis, stepMillis, options);
    }

    @Override
    public String formatQuery(String expr) {
        return engine.formatQuery(expr);
    }
}
