package io.epimetheus.http.api;

import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.rules.AlertmanagersView;
import io.epimetheus.api.rules.RulesView;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.http.json.ApiJson;
import io.epimetheus.http.settings.Flags;
import io.epimetheus.http.settings.HttpSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Prometheus HTTP API v1 under {@code /api/v1/}: routes each path to its endpoint, applies
 * CORS as Prometheus does, and writes failures in the API's error shape. Every service is optional
 * and rebinds dynamically; an endpoint whose service is missing answers 503 naming the feature.
 */
@Component(service = Servlet.class, configurationPid = HttpSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpSettings.class)
@HttpWhiteboardServletName("epimetheus-api-v1")
@HttpWhiteboardServletPattern("/api/v1/*")
public final class ApiServlet extends HttpServlet implements ApiServices {

    private static final long serialVersionUID = 1L;

    private static final Set<String> GET_POST = Set.of("GET", "POST");
    private static final Set<String> GET = Set.of("GET");
    private static final Set<String> POST_PUT = Set.of("POST", "PUT");

    private record Route(Set<String> methods, Endpoint endpoint) {
    }

    private final Map<String, Route> routes = new HashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Storage storage;

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

    private volatile ApiConfig config;

    @Activate
    public ApiServlet(HttpSettings settings) {
        this.config = ApiConfig.of(settings, Flags.of(settings));
        route(GET_POST, "/query", QueryEndpoints::query);
        route(GET_POST, "/query_range", QueryEndpoints::queryRange);
        route(GET_POST, "/query_exemplars", QueryEndpoints::queryExemplars);
        route(GET_POST, "/format_query", QueryEndpoints::formatQuery);
        route(GET_POST, "/labels", SeriesEndpoints::labelNames);
        route(GET_POST, "/series", SeriesEndpoints::series);
        route(GET, "/label/*/values", SeriesEndpoints::labelValues);
        route(GET, "/scrape_pools", TargetEndpoints::scrapePools);
        route(GET, "/targets", TargetEndpoints::targets);
        route(GET, "/targets/metadata", TargetEndpoints::targetMetadata);
        route(GET, "/metadata", TargetEndpoints::metadata);
        route(GET, "/rules", RulesEndpoints::rules);
        route(GET, "/alerts", RulesEndpoints::alerts);
        route(GET, "/alertmanagers", RulesEndpoints::alertmanagers);
        route(GET, "/status/config", StatusEndpoints::config);
        route(GET, "/status/flags", StatusEndpoints::flags);
        route(GET, "/status/runtimeinfo", StatusEndpoints::runtimeInfo);
    }

    private void route(Set<String> methods, String path, Endpoint endpoint) {
        routes.put(path, new Route(methods, endpoint));
    }

    @Modified
    void modified(HttpSettings settings) {
        this.config = ApiConfig.of(settings, Flags.of(settings));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ApiConfig cfg = config;
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String pathParam = null;
        Route route = routes.get(path);
        if (route == null && path.startsWith("/label/") && path.endsWith("/values") && path.length() > 14) {
            String name = path.substring(7, path.length() - 7);
            if (name.indexOf('/') < 0) {
                route = routes.get("/label/*/values");
                pathParam = name;
            }
        }
        Cors.apply(cfg.corsOrigin(), req, resp);
        if (req.getMethod().equals("OPTIONS")) {
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        if (route == null) {
            plain(resp, HttpServletResponse.SC_NOT_FOUND, "404 page not found\n");
            return;
        }
        if (!route.methods().contains(req.getMethod())) {
            plain(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed\n");
            return;
        }
        try {
            route.endpoint().serve(new ApiCall(req, pathParam, this, cfg), resp);
        } catch (ApiException e) {
            ApiJson.error(resp, e.type(), e.getMessage());
        } catch (RuntimeException e) {
            if (resp.isCommitted()) {
                throw e;
            }
            resp.reset();
            Cors.apply(cfg.corsOrigin(), req, resp);
            ApiJson.error(resp, ErrorType.INTERNAL, e.toString());
        }
    }

    private static void plain(HttpServletResponse resp, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    @Override
    public Storage storage() {
        return storage;
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
}
