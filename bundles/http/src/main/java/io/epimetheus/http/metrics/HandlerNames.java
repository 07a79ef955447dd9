package io.epimetheus.http.metrics;

import java.util.Set;

/**
 * The {@code handler} label of the HTTP metrics: the route pattern a path belongs to, as Prometheus
 * names its routes, from a fixed set so that arbitrary request paths cannot grow the metrics.
 */
final class HandlerNames {

    private static final Set<String> EXACT = Set.of("/api/v1/query", "/api/v1/query_range", "/api/v1/query_exemplars",
            "/api/v1/format_query", "/api/v1/parse_query", "/api/v1/labels", "/api/v1/series", "/api/v1/metadata",
            "/api/v1/scrape_pools", "/api/v1/targets", "/api/v1/targets/metadata", "/api/v1/rules", "/api/v1/alerts",
            "/api/v1/alertmanagers", "/api/v1/status/config", "/api/v1/status/flags", "/api/v1/status/runtimeinfo",
            "/api/v1/status/buildinfo", "/api/v1/status/tsdb", "/api/v1/status/tsdb/blocks", "/api/v1/status/walreplay",
            "/api/v1/admin/tsdb/delete_series", "/api/v1/admin/tsdb/clean_tombstones", "/api/v1/admin/tsdb/snapshot",
            "/api/v1/write", "/api/v1/read", "/federate", "/metrics", "/-/healthy", "/-/ready", "/-/reload", "/-/quit");

    private HandlerNames() {
    }

    static String of(String path) {
        if (path == null) {
            return "other";
        }
        if (EXACT.contains(path)) {
            return path;
        }
        if (path.startsWith("/api/v1/label/") && path.endsWith("/values")) {
            return "/api/v1/label/:name/values";
        }
        if (path.startsWith("/exporters/") && path.endsWith("/metrics")) {
            return "/exporters/:name/metrics";
        }
        int slash = path.indexOf('/', 1);
        String first = slash < 0 ? path : path.substring(0, slash);
        return switch (first) {
            case "/api" -> "/api/v1/*path";
            case "/alertmanager" -> "/alertmanager/*path";
            case "/pushgateway" -> "/pushgateway/*path";
            default -> "other";
        };
    }
}
