package io.epimetheus.http.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.scrape.ActiveTarget;
import io.epimetheus.api.scrape.DroppedTarget;
import io.epimetheus.api.scrape.TargetMetadata;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.http.json.ApiJson;
import io.epimetheus.http.json.PromJson;
import io.epimetheus.http.selector.SelectorException;
import io.epimetheus.http.selector.SelectorParser;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.servlet.http.HttpServletResponse;

/** {@code /targets}, {@code /targets/metadata}, {@code /metadata} and {@code /scrape_pools}. */
final class TargetEndpoints {

    private TargetEndpoints() {
    }

    static void targets(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        TargetsView view = call.services().requireTargets();
        String pool = call.params().get("scrapePool");
        String state = call.params().get("state").toLowerCase(Locale.ROOT);
        boolean showActive = state.isEmpty() || state.equals("any") || state.equals("active");
        boolean showDropped = state.isEmpty() || state.equals("any") || state.equals("dropped");
        List<ActiveTarget> active = showActive ? view.activeTargets() : List.of();
        List<DroppedTarget> dropped = showDropped ? view.droppedTargets() : List.of();
        Map<String, Long> counts = showDropped ? new TreeMap<>(view.droppedTargetCounts()) : null;
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeArrayFieldStart("activeTargets");
            for (ActiveTarget t : active) {
                if (pool.isEmpty() || t.scrapePool().equals(pool)) {
                    activeTarget(g, t);
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("droppedTargets");
            for (DroppedTarget t : dropped) {
                if (pool.isEmpty() || t.scrapePool().equals(pool)) {
                    g.writeStartObject();
                    g.writeFieldName("discoveredLabels");
                    PromJson.labels(g, t.discoveredLabels());
                    g.writeStringField("scrapePool", t.scrapePool());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeFieldName("droppedTargetCounts");
            if (counts == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                for (Map.Entry<String, Long> e : counts.entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    private static void activeTarget(JsonGenerator g, ActiveTarget t) throws IOException {
        g.writeStartObject();
        g.writeFieldName("discoveredLabels");
        PromJson.labels(g, t.discoveredLabels());
        g.writeFieldName("labels");
        PromJson.labels(g, t.labels());
        g.writeStringField("scrapePool", t.scrapePool());
        g.writeStringField("scrapeUrl", nullToEmpty(t.scrapeUrl()));
        g.writeStringField("globalUrl", nullToEmpty(t.globalUrl()));
        g.writeStringField("lastError", t.lastError());
        g.writeStringField("lastScrape", PromJson.timeOrZero(t.lastScrape()));
        PromJson.numberField(g, "lastScrapeDuration", seconds(t.lastScrapeDuration()));
        g.writeStringField("health", t.health().text());
        g.writeStringField("scrapeInterval", duration(t.scrapeInterval()));
        g.writeStringField("scrapeTimeout", duration(t.scrapeTimeout()));
        g.writeEndObject();
    }

    static void targetMetadata(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        Params p = call.params();
        int limit = p.optionalNumber("limit");
        String matchTarget = p.get("match_target");
        Predicate<Labels> filter = l -> true;
        if (!matchTarget.isEmpty()) {
            List<Matcher> matchers;
            try {
                matchers = SelectorParser.parse(matchTarget);
            } catch (SelectorException e) {
                throw ApiException.invalidParam("match_target", e.getMessage());
            }
            filter = l -> {
                for (Matcher m : matchers) {
                    if (!m.matches(l.getOrEmpty(m.name()))) {
                        return false;
                    }
                }
                return true;
            };
        }
        String metric = p.get("metric");
        TargetsView view = call.services().requireTargets();
        List<TargetMetadata> entries = view.targetMetadata(filter, metric.isEmpty() ? null : metric, limit);
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartArray();
            for (TargetMetadata e : entries) {
                g.writeStartObject();
                g.writeFieldName("target");
                PromJson.labels(g, e.target());
                if (metric.isEmpty()) {
                    g.writeStringField("metric", e.metric());
                }
                metadataFields(g, e.metadata());
                g.writeEndObject();
            }
            g.writeEndArray();
            ApiJson.endSuccess(g);
        }
    }

    static void metadata(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        Params p = call.params();
        int limit = p.optionalNumber("limit");
        int limitPerMetric = p.optionalNumber("limit_per_metric");
        String metric = p.get("metric");
        TargetsView view = call.services().requireTargets();
        Map<String, List<MetricMetadata>> byMetric = view.metadata(metric.isEmpty() ? null : metric, limit, limitPerMetric);
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            for (Map.Entry<String, List<MetricMetadata>> e : new TreeMap<>(byMetric).entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (MetricMetadata m : e.getValue()) {
                    g.writeStartObject();
                    metadataFields(g, m);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    static void scrapePools(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        TargetsView view = call.services().requireTargets();
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartObject();
            g.writeArrayFieldStart("scrapePools");
            for (String pool : view.scrapePools()) {
                g.writeString(pool);
            }
            g.writeEndArray();
            g.writeEndObject();
            ApiJson.endSuccess(g);
        }
    }

    private static void metadataFields(JsonGenerator g, MetricMetadata m) throws IOException {
        g.writeStringField("type", m.type().text());
        g.writeStringField("help", m.help());
        g.writeStringField("unit", m.unit());
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }

    private static String duration(Duration d) {
        return d == null ? "" : PromDuration.format(d.toMillis());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
