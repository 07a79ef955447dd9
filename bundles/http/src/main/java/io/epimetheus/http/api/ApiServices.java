package io.epimetheus.http.api;

import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.syntax.SyntaxTreeService;
import io.epimetheus.api.rules.AlertmanagersView;
import io.epimetheus.api.rules.RulesView;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageAdmin;

/**
 * The services the API endpoints read, each possibly absent. Every call returns the currently
 * bound service, so an endpoint reads it once per request and a swap between requests is seen by
 * the next one.
 */
interface ApiServices {

    Storage storage();

    /**
     * The {@code Queryable} service registered with {@code epimetheus.queryable=merged}: local
     * storage merged with the {@code remote_read} endpoints (the remote bundle registers it), or
     * {@code null}.
     */
    Queryable mergedQueryable();

    QueryEngine queryEngine();

    ConfigService config();

    TargetsView targets();

    RulesView rules();

    AlertmanagersView alertmanagers();

    StorageAdmin storageAdmin();

    SyntaxTreeService syntaxTrees();

    /** The storage administration, or 503 naming the feature that provides it. */
    default StorageAdmin requireStorageAdmin() throws ApiException {
        return require(storageAdmin(), "StorageAdmin", "epimetheus-tsdb");
    }

    /** The storage, or 503 naming the feature that provides one. */
    default Storage requireStorage() throws ApiException {
        return require(storage(), "Storage", "epimetheus-tsdb");
    }

    /**
     * What queries, series and label lookups read, as Prometheus's API reads its fanout storage:
     * the merged queryable when bound, else the local storage, else 503 naming the storage feature.
     * Federation and the TSDB endpoints read local storage only, as in Prometheus.
     */
    default Queryable requireQueryable() throws ApiException {
        Queryable q = mergedQueryable();
        return q != null ? q : requireStorage();
    }

    /** The query engine, or 503 naming the feature that provides one. */
    default QueryEngine requireQueryEngine() throws ApiException {
        return require(queryEngine(), "QueryEngine", "epimetheus-promql");
    }

    /** The syntax tree service, or 503 naming the feature that provides one. */
    default SyntaxTreeService requireSyntaxTrees() throws ApiException {
        return require(syntaxTrees(), "SyntaxTreeService", "epimetheus-promql");
    }

    /** The configuration service, or 503 naming the feature that provides one. */
    default ConfigService requireConfig() throws ApiException {
        return require(config(), "ConfigService", "epimetheus-config");
    }

    /** The targets view, or 503 naming the feature that provides one. */
    default TargetsView requireTargets() throws ApiException {
        return require(targets(), "TargetsView", "epimetheus-scrape");
    }

    /** {@code service} when it is bound, else the 503 naming {@code feature}, which provides it. */
    private static <T> T require(T service, String name, String feature) throws ApiException {
        if (service == null) {
            throw ApiException.unavailable(name, feature);
        }
        return service;
    }
}
