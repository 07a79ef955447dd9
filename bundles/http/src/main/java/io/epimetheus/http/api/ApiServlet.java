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
import io.epimetheus.http.connection.ConnectionWatcher;
import io.epimetheus.http.settings.SettingsService;
import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The Prometheus HTTP API v1 under {@code /api/v1/}: routes each path to its endpoint, applies
 * CORS as Prometheus does, and writes failures in the API's error shape. Every service is optional
 * and rebinds dynamically; an endpoint whose service is missing answers 503 naming the feature. A
 * query whose client goes away is cancelled (see {@link ConnectionWatcher}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("epimetheus-api-v1")
@HttpWhiteboardServletPattern("/api/v1/*")
public final class ApiServlet extends HttpServlet implements ApiServices {

    private static final long serialVersionUID = 1L;
    /** The service property of the merged queryable the remote bundle registers. */
    static final String MERGED_QUERYABLE = Queryable.KIND_PROPERTY + "=" + Queryable.MERGED;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Storage storage;

    /** Local storage merged with remote_read endpoints, registered by the remote bundle. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + MERGED_QUERYABLE + ")")
    private volatile Queryable mergedQueryable;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile QueryEngine queryEngine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigService configService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TargetsView targetsView;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RulesView rulesView;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AlertmanagersView alertmanagersView;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StorageAdmin storageAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SyntaxTreeService syntaxTreeService;

    private final transient SettingsService settings;
    private final transient ConnectionWatcher connections;
    private final transient ApiRouter router;

    @Activate
    public ApiServlet(@Reference SettingsService settings) throws IOException {
        this.settings = settings;
        this.connections = new ConnectionWatcher("epimetheus-http-connection-watcher");
        this.router = new ApiRouter(connections);
    }

    /** Stops the connection watcher's thread. */
    @Deactivate
    public void deactivate() {
        connections.close();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        router.serve(req, resp, this, ApiConfig.of(settings.current()));
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public Queryable mergedQueryable() {
        return mergedQueryable;
    }

    @Override
    public QueryEngine queryEngine() {
        return queryEngine;
    }

    @Override
    public ConfigService config() {
        return configService;
    }

    @Override
    public TargetsView targets() {
        return targetsView;
    }

    @Override
    public RulesView rules() {
        return rulesView;
    }

    @Override
    public AlertmanagersView alertmanagers() {
        return alertmanagersView;
    }

    @Override
    public StorageAdmin storageAdmin() {
        return storageAdmin;
    }

    @Override
    public SyntaxTreeService syntaxTrees() {
        return syntaxTreeService;
    }
}
