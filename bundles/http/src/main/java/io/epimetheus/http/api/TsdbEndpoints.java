package io.epimetheus.http.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.storage.StorageAdmin;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.http.json.ApiJson;
import java.io.IOException;
import java.util.List;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /status/tsdb}, {@code /status/tsdb/blocks}, {@code /status/walreplay} and the admin
 * endpoints {@code /admin/tsdb/{delete_series,clean_tombstones,snapshot}}, which answer only with
 * {@code enable.admin.api} ({@code --web.enable-admin-api}).
 */
final class TsdbEndpoints {

    private static final int MAX_LIMIT = 10_000;

    private TsdbEndpoints() {
    }

    static void status(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        int limit = 10;
        String l = call.params().get("limit");
        if (!l.isEmpty()) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1) {
                throw ApiException.badData("limit must be a positive number");
            }
            if (limit > MAX_LIMIT) {
                throw ApiException.badData("limit must not exceed " + MAX_LIMIT);
            }
        }
        StorageAdmin.TsdbStatus s;
        try {
            s = call.services().requireStorageAdmin().status(limit);
        } catch (StorageException e) {
            throw internal(e);
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeObjectFieldStart("headStats");
            g.writeNumberField("numSeries", s.headStats().numSeries());
            g.writeNumberField("numLabelPairs", s.headStats().numLabelPairs());
            g.writeNumberField("chunkCount", s.headStats().chunkCount());
            g.writeNumberField("minTime", s.headStats().minTime());
            g.writeNumberField("maxTime", s.headStats().maxTime());
            g.writeEndObject();
            stats(g, "seriesCountByMetricName", s.seriesCountByMetricName());
            stats(g, "labelValueCountByLabelName", s.labelValueCountByLabelName());
            stats(g, "memoryInBytesByLabelName", s.memoryInBytesByLabelName());
            stats(g, "seriesCountByLabelValuePair", s.seriesCountByLabelValuePair());
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    private static void stats(JsonGenerator g, String field, List<StorageAdmin.Stat> stats) throws IOException {
        g.writeArrayFieldStart(field);
        for (StorageAdmin.Stat s : stats) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeNumberField("value", s.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void blocks(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        List<StorageAdmin.BlockInfo> blocks;
        try {
            blocks = call.services().requireStorageAdmin().blocks();
        } catch (StorageException e) {
            throw new ApiException(ErrorType.INTERNAL, "error getting block metadata: " + e.getMessage());
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeArrayFieldStart("blocks");
            for (StorageAdmin.BlockInfo b : blocks) {
                g.writeStartObject();
                g.writeStringField("ulid", b.ulid());
                g.writeNumberField("minTime", b.minTime());
                g.writeNumberField("maxTime", b.maxTime());
                g.writeObjectFieldStart("stats");
                g.writeNumberField("numSamples", b.numSamples());
                g.writeNumberField("numSeries", b.numSeries());
                g.writeNumberField("numChunks", b.numChunks());
                if (b.numTombstones() > 0) {
                    g.writeNumberField("numTombstones", b.numTombstones());
                }
                g.writeEndObject();
                g.writeObjectFieldStart("compaction");
                g.writeNumberField("level", b.level());
                g.writeEndObject();
                g.writeNumberField("version", 1);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    static void walReplay(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        StorageAdmin.WalReplayStatus w;
        try {
            w = call.services().requireStorageAdmin().walReplay();
        } catch (StorageException e) {
            throw internal(e);
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeNumberField("min", w.min());
            g.writeNumberField("max", w.max());
            g.writeNumberField("current", w.current());
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    static void deleteSeries(ApiCall call, HttpServletResponse resp) throws ApiException {
        requireAdmin(call);
        Params p = call.params();
        List<String> match = p.all("match[]");
        if (match.isEmpty()) {
            throw ApiException.badData("no match[] parameter provided");
        }
        long start = p.time("start", Params.MIN_TIME);
        long end = p.time("end", Params.MAX_TIME);
        List<Matcher[]> sets;
        try {
            sets = SeriesEndpoints.matcherSets(match);
        } catch (ApiException e) {
            throw ApiException.invalidParam("match[]", e.getMessage());
        }
        StorageAdmin admin = call.services().requireStorageAdmin();
        try {
            for (Matcher[] set : sets) {
                admin.deleteSeries(start, end, set);
            }
        } catch (StorageException e) {
            throw internal(e);
        }
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    static void cleanTombstones(ApiCall call, HttpServletResponse resp) throws ApiException {
        requireAdmin(call);
        try {
            call.services().requireStorageAdmin().cleanTombstones();
        } catch (StorageException e) {
            throw internal(e);
        }
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    static void snapshot(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        requireAdmin(call);
        boolean skipHead = false;
        String s = call.params().get("skip_head");
        if (!s.isEmpty()) {
            skipHead = switch (s) {
                case "1", "t", "T", "true", "TRUE", "True" -> true;
                case "0", "f", "F", "false", "FALSE", "False" -> false;
                default -> throw ApiException.invalidParam("skip_head", "unable to parse boolean: strconv.ParseBool: parsing "
                        + GoQuote.quote(s) + ": invalid syntax");
            };
        }
        String name;
        try {
            name = call.services().requireStorageAdmin().snapshot(skipHead);
        } catch (StorageException e) {
            throw new ApiException(ErrorType.INTERNAL, "create snapshot: " + e.getMessage());
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    /** Prometheus answers a disabled admin API with errorType unavailable and HTTP 500. */
    private static void requireAdmin(ApiCall call) throws ApiException {
        if (!call.config().enableAdmin()) {
            throw new ApiException(ErrorType.UNAVAILABLE, "admin APIs disabled", HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    private static ApiException internal(StorageException e) {
        return e.isRetryable() ? QueryEndpoints.storageError(e) : new ApiException(ErrorType.INTERNAL, e.getMessage());
    }
}
