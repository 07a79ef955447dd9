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
        StorageAdmin a = storageAdmin();
        if (a == null) {
            throw ApiException.unavailable("StorageAdmin", "epimetheus-tsdb");
        }
        return a;
    }

    /** The storage, or 503 naming the feature that provides one. */
    default Storage requireStorage() throws ApiException {
        Storage s = storage();
        if (s == null) {
            throw ApiException.unavailable("Storage", "epimetheus-tsdb");
        }
        return s;
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
        QueryEngine e = queryEngine();
        if (e == null) {
            throw ApiException.unavailable("QueryEngine", "epimetheus-promql");
        }
        return e;
    }

    /** The configuration service, or 503 naming the feature that provides one. */
    default ConfigService requireConfig() throws ApiException {
        ConfigService c = config();
        if (c == null) {
            throw ApiException.unavailable("ConfigService", "epimetheus-config");
        }
        return c;
    }

    /** The targets view, or 503 naming the feature that provides one. */
    default TargetsView requireTargets() throws ApiException {
        TargetsView t = targets();
        if (t == null) {
            throw ApiException.unavailable("TargetsView", "epimetheus-scrape");
        }
        return t;
    }
}
