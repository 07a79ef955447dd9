package io.epimetheus.http.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.api.query.syntax.SyntaxTreeService;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.http.connection.ConnectionWatcher;
import io.epimetheus.http.json.ApiJson;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.servlet.http.HttpServletResponse;

/** {@code /query}, {@code /query_range}, {@code /format_query}, {@code /parse_query} and {@code /query_exemplars}. */
final class QueryEndpoints {

    static final String TRUNCATED = "results truncated due to limit";

    private QueryEndpoints() {
    }

    static void query(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        Params p = call.params();
        int limit = p.limit();
        long time = p.time("time", System.currentTimeMillis());
        QueryOptions opts = options(p);
        QueryEngine engine = call.services().requireQueryEngine();
        Queryable storage = call.services().requireQueryable();
        Query q = prepare(() -> engine.instantQuery(storage, p.get("query"), time, opts));
        run(call, q, limit, p.get("stats"), resp);
    }

    static void queryRange(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        Params p = call.params();
        int limit = p.limit();
        long start = p.requiredTime("start");
        long end = p.requiredTime("end");
        if (end < start) {
            throw ApiException.invalidParam("end", "end timestamp must not be before start time");
        }
        long stepNanos = p.durationNanos("step");
        if (stepNanos <= 0) {
            throw ApiException.invalidParam("step",
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        int maxPoints = call.config().maxPointsPerSeries();
        if (points(start, end, stepNanos) > maxPoints) {
            throw ApiException.badData("exceeded maximum resolution of " + thousands(maxPoints)
                    + " points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        QueryOptions opts = options(p);
        QueryEngine engine = call.services().requireQueryEngine();
        Queryable storage = call.services().requireQueryable();
        long stepMillis = Math.max(1, stepNanos / 1_000_000);
        Query q = prepare(() -> engine.rangeQuery(storage, p.get("query"), start, end, stepMillis, opts));
        run(call, q, limit, p.get("stats"), resp);
    }

    static void formatQuery(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        QueryEngine engine = call.services().requireQueryEngine();
        String formatted;
        try {
            formatted = engine.formatQuery(call.params().get("query"));
        } catch (QueryException e) {
            throw ApiException.invalidParam("query", e.getMessage());
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeString(formatted);
            ApiJson.endSuccess(g);
        }
    }

    /** The syntax tree, from the engine bundle's {@link SyntaxTreeService}, embedded as it wrote it. */
    static void parseQuery(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        SyntaxTreeService trees = call.services().requireSyntaxTrees();
        String tree;
        try {
            tree = trees.syntaxTreeJson(call.params().get("query"));
        } catch (QueryException e) {
            throw ApiException.invalidParam("query", e.getMessage());
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeRawValue(tree);
            ApiJson.endSuccess(g);
        }
    }

    /**
     * Exemplars: the storage API keeps none, so after validating the parameters and the expression
     * the answer is Prometheus's answer for a storage without exemplars, an empty list.
     */
    static void queryExemplars(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        Params p = call.params();
        long start = p.time("start", Params.MIN_TIME);
        long end = p.time("end", Params.MAX_TIME);
        if (end < start) {
            throw ApiException.badData("end timestamp must not be before start timestamp");
        }
        QueryEngine engine = call.services().requireQueryEngine();
        try {
            engine.formatQuery(p.get("query"));
        } catch (QueryException e) {
            throw ApiException.badData(e.getMessage());
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartArray();
            g.writeEndArray();
            ApiJson.endSuccess(g);
        }
    }

    /** {@code (end - start) / step} as Go's integer division of durations computes it. */
    static long points(long startMillis, long endMillis, long stepNanos) {
        long rangeMillis = endMillis - startMillis;
        if (rangeMillis > Long.MAX_VALUE / 1_000_000) {
            return Long.MAX_VALUE;
        }
        return rangeMillis * 1_000_000 / stepNanos;
    }

    private static String thousands(int n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    private static QueryOptions options(Params p) throws ApiException {
        long timeoutMillis = 0;
        String to = p.get("timeout");
        if (!to.isEmpty()) {
            long ns = p.durationNanos("timeout");
            timeoutMillis = Math.max(1, ns / 1_000_000);
        }
        long lookback = 0;
        String lb = p.get("lookback_delta");
        if (!lb.isEmpty()) {
            try {
                lookback = Params.parseDurationNanos(lb) / 1_000_000;
            } catch (IllegalArgumentException e) {
                throw ApiException.badData("error parsing lookback delta duration: " + e.getMessage());
            }
        }
        if (lookback < 0) {
            throw ApiException.badData("error parsing lookback delta duration: negative");
        }
        return new QueryOptions(timeoutMillis, lookback, p.get("stats").equals("all"));
    }

    @FunctionalInterface
    private interface Preparation {
        Query prepare();
    }

    private static Query prepare(Preparation prep) throws ApiException {
        try {
            return prep.prepare();
        } catch (QueryException e) {
            if (e.type() == ErrorType.BAD_DATA) {
                throw ApiException.invalidParam("query", e.getMessage());
            }
            throw new ApiException(e.type(), e.getMessage());
        } catch (StorageException e) {
            throw storageError(e);
        }
    }

    private static void run(ApiCall call, Query q, int limit, String statsParam,
            HttpServletResponse resp) throws ApiException, IOException {
        QueryResult result;
        try (q; ConnectionWatcher.Watch client = call.watchClient(q::cancel)) {
            result = q.execute();
        } catch (QueryException e) {
            throw new ApiException(e.type(), e.getMessage());
        } catch (StorageException e) {
            throw storageError(e);
        }
        // The engine's warnings include the storage's (a remote_read endpoint that failed).
        Set<String> warnings = new LinkedHashSet<>(result.warnings());
        if (QueryResultWriter.truncates(result.value(), limit)) {
            warnings.add(TRUNCATED);
        }
        String statsWarning = statsParamWarning(statsParam);
        if (statsWarning != null) {
            warnings.add(statsWarning);
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            new QueryResultWriter().write(g, result.value(), limit, statsParam.isEmpty() ? null : result.stats());
            ApiJson.endSuccess(g, List.copyOf(warnings), result.infos());
        }
    }

    private static String statsParamWarning(String s) {
        if (s.isEmpty() || s.equals("true") || s.equals("all")) {
            return null;
        }
        return "value " + GoQuote.quote(s) + " for parameter \"stats\" is deprecated and will be rejected in the next "
                + "major release, use \"true\" or \"all\"";
    }

    /** A storage failure: 503 when retrying can help (storage closing or being replaced), else 500. */
    static ApiException storageError(StorageException e) {
        return new ApiException(e.isRetryable() ? ErrorType.UNAVAILABLE : ErrorType.INTERNAL, e.getMessage());
    }
}
