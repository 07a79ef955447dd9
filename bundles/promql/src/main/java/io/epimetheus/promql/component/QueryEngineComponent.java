package io.epimetheus.promql.component;

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
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the PromQL engine as the {@link QueryEngine} service. A configuration change takes
 * effect for new queries; queries already running finish with the settings they started with. When
 * the component stops, running queries are canceled.
 */
@Component(service = QueryEngine.class, configurationPid = "io.epimetheus.promql",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PromqlConfig.class)
public final class QueryEngineComponent implements QueryEngine {

    private volatile PromqlEngine engine;

    @Activate
    public QueryEngineComponent(PromqlConfig config) {
        this.engine = new PromqlEngine(settings(config));
    }

    /** Applies a new configuration; an invalid one is rejected and the current settings stay. */
    @Modified
    void modified(PromqlConfig config) {
        engine = new PromqlEngine(settings(config));
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    /** The engine settings of a configuration. */
    static EngineSettings settings(PromqlConfig c) {
        ParserOptions parser = new ParserOptions(c.enable_experimental_functions(), c.enable_duration_expressions(),
                c.enable_extended_range_selectors(), c.enable_binop_fill_modifiers());
        try {
            return new EngineSettings(positive("lookback.delta", c.lookback_delta()), positive("timeout", c.timeout()),
                    c.max_samples(), c.max_concurrency(), positive("default.subquery.step", c.default_subquery_step()),
                    parser, c.enable_delayed_name_removal(), c.enable_type_and_unit_labels());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("io.epimetheus.promql: " + e.getMessage(), e);
        }
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
