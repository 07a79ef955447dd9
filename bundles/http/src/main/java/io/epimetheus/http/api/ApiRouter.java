package io.epimetheus.http.api;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.http.connection.ConnectionWatcher;
import io.epimetheus.http.json.ApiJson;
import io.epimetheus.http.response.PlainText;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Routes {@code /api/v1/...} requests to their endpoints as Prometheus's router does: unknown paths
 * get 404, known paths with another method 405, {@code OPTIONS} 204; CORS headers on every answer;
 * failures in the API's error shape.
 */
public final class ApiRouter {

    private static final Set<String> GET_POST = Set.of("GET", "POST");
    private static final Set<String> GET = Set.of("GET");
    private static final Set<String> POST_PUT = Set.of("POST", "PUT");
    private static final String LABEL_VALUES = "/label/*/values";

    private record Route(Set<String> methods, Endpoint endpoint) {
    }

    private final Map<String, Route> routes = new HashMap<>();
    private final ConnectionWatcher connections;

    /** A router whose queries are cancelled when {@code connections} sees their client go away. */
    ApiRouter(ConnectionWatcher connections) {
        this.connections = connections;
        route(GET_POST, "/query", QueryEndpoints::query);
        route(GET_POST, "/query_range", QueryEndpoints::queryRange);
        route(GET_POST, "/query_exemplars", QueryEndpoints::queryExemplars);
        route(GET_POST, "/format_query", QueryEndpoints::formatQuery);
        route(GET_POST, "/parse_query", QueryEndpoints::parseQuery);
        route(GET_POST, "/labels", SeriesEndpoints::labelNames);
        route(GET_POST, "/series", SeriesEndpoints::series);
        route(GET, LABEL_VALUES, SeriesEndpoints::labelValues);
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
        route(GET, "/status/tsdb", TsdbEndpoints::status);
        route(GET, "/status/tsdb/blocks", TsdbEndpoints::blocks);
        route(GET, "/status/walreplay", TsdbEndpoints::walReplay);
        route(POST_PUT, "/admin/tsdb/delete_series", TsdbEndpoints::deleteSeries);
        route(POST_PUT, "/admin/tsdb/clean_tombstones", TsdbEndpoints::cleanTombstones);
        route(POST_PUT, "/admin/tsdb/snapshot", TsdbEndpoints::snapshot);
    }

    private void route(Set<String> methods, String path, Endpoint endpoint) {
        routes.put(path, new Route(methods, endpoint));
    }

    /** Serves one request below {@code /api/v1} ({@code req.getPathInfo()} is the route). */
    void serve(HttpServletRequest req, HttpServletResponse resp, ApiServices services, ApiConfig cfg)
            throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String pathParam = null;
        Route route = routes.get(path);
        if (route == null && path.startsWith("/label/") && path.endsWith("/values") && path.length() > 14) {
            String name = path.substring(7, path.length() - 7);
            if (name.indexOf('/') < 0) {
                route = routes.get(LABEL_VALUES);
                pathParam = name;
            }
        }
        Cors.apply(cfg.corsOrigin(), req, resp);
        if (req.getMethod().equals("OPTIONS")) {
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        if (route == null) {
            PlainText.write(resp, HttpServletResponse.SC_NOT_FOUND, "404 page not found\n");
            return;
        }
        if (!route.methods().contains(req.getMethod())) {
            PlainText.write(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method Not Allowed\n");
            return;
        }
        HttpServletResponse out = GzipResponse.wrap(req, resp);
        try {
            route.endpoint().serve(new ApiCall(req, pathParam, services, cfg, connections), out);
        } catch (ApiException e) {
            ApiJson.error(out, e.type(), e.getMessage(), e.httpStatus());
        } catch (RuntimeException e) {
            if (resp.isCommitted()) {
                throw e;
            }
            resp.reset();
            Cors.apply(cfg.corsOrigin(), req, resp);
            out = GzipResponse.wrap(req, resp);
            ApiJson.error(out, ErrorType.INTERNAL, e.toString());
        }
        GzipResponse.finish(out);
    }
}
