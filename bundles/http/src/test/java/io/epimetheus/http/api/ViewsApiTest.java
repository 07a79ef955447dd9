package io.epimetheus.http.api;

import static io.epimetheus.http.api.QueryApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.rules.ActiveAlert;
import io.epimetheus.api.rules.AlertState;
import io.epimetheus.api.rules.AlertingRule;
import io.epimetheus.api.rules.AlertmanagersView;
import io.epimetheus.api.rules.RecordingRule;
import io.epimetheus.api.rules.RuleGroup;
import io.epimetheus.api.rules.RuleHealth;
import io.epimetheus.api.scrape.ActiveTarget;
import io.epimetheus.api.scrape.DroppedTarget;
import io.epimetheus.api.scrape.TargetHealth;
import io.epimetheus.api.scrape.TargetMetadata;
import io.epimetheus.api.scrape.TargetsView;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Targets, metadata, rules, alerts and Alertmanagers over fake views. */
class ViewsApiTest {

    private static final Labels TARGET = Labels.of("instance", "localhost:9090", "job", "prometheus");
    private static final MetricMetadata UP_META = new MetricMetadata(MetricType.GAUGE, "Whether up.", "");

    private ApiTestServer api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiTestServer();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private static TargetsView targets() {
        return new TargetsView() {
            @Override
            public List<String> scrapePools() {
                return List.of("node", "prometheus");
            }

            @Override
            public List<ActiveTarget> activeTargets() {
                return List.of(
                        new ActiveTarget("node", Labels.of("__address__", "n:9100", "job", "node"),
                                Labels.of("instance", "n:9100", "job", "node"), "http://n:9100/metrics",
                                "http://n:9100/metrics", TargetHealth.UNKNOWN, "", null, Duration.ZERO,
                                Duration.ofSeconds(15), Duration.ofSeconds(10)),
                        new ActiveTarget("prometheus", Labels.of("__address__", "localhost:9090", "job", "prometheus"),
                                TARGET, "http://localhost:9090/metrics", "http://host:9090/metrics", TargetHealth.DOWN,
                                "connection refused", Instant.parse("2024-01-02T03:04:05.123456789Z"),
                                Duration.ofMillis(12), Duration.ofMinutes(1), Duration.ofSeconds(10)));
            }

            @Override
            public List<DroppedTarget> droppedTargets() {
                return List.of(new DroppedTarget("node", Labels.of("__address__", "dropped:1", "job", "node")));
            }

            @Override
            public Map<String, Long> droppedTargetCounts() {
                return Map.of("node", 3L, "prometheus", 0L);
            }

            @Override
            public List<TargetMetadata> targetMetadata(Predicate<Labels> filter, String metric, int limit) {
                List<TargetMetadata> out = new ArrayList<>();
                if (filter.test(TARGET) && (metric == null || metric.equals("up"))) {
                    out.add(new TargetMetadata(TARGET, "up", UP_META));
                }
                return out;
            }

            @Override
            public Map<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric) {
                Map<String, List<MetricMetadata>> m = new LinkedHashMap<>();
                m.put("up", List.of(UP_META));
                if (metric == null) {
                    m.put("go_goroutines", List.of(new MetricMetadata(MetricType.GAUGE, "Number of goroutines.", "")));
                }
                return m;
            }
        };
    }

    @Test
    void targetsInPrometheusShape() throws Exception {
        api.targets = targets();
        ApiTestServer.Reply r = api.get("/api/v1/targets");
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"discoveredLabels\":{\"__address__\":\"localhost:9090\",\"job\":\"prometheus\"},"
                + "\"labels\":{\"instance\":\"localhost:9090\",\"job\":\"prometheus\"},\"scrapePool\":\"prometheus\","
                + "\"scrapeUrl\":\"http://localhost:9090/metrics\",\"globalUrl\":\"http://host:9090/metrics\","
                + "\"lastError\":\"connection refused\",\"lastScrape\":\"2024-01-02T03:04:05.123456789Z\","
                + "\"lastScrapeDuration\":0.012,\"health\":\"down\",\"scrapeInterval\":\"1m\",\"scrapeTimeout\":\"10s\"}",
                r.json().at("/data/activeTargets/1").toString());
        assertEquals("0001-01-01T00:00:00Z", r.json().at("/data/activeTargets/0/lastScrape").asText());
        assertEquals("unknown", r.json().at("/data/activeTargets/0/health").asText());
        assertEquals(3, r.json().at("/data/droppedTargetCounts/node").asInt());
        assertEquals("dropped:1", r.json().at("/data/droppedTargets/0/discoveredLabels/__address__").asText());
    }

    @Test
    void targetsFilters() throws Exception {
        api.targets = targets();
        ApiTestServer.Reply r = api.get("/api/v1/targets?state=active&scrapePool=node");
        assertEquals(1, r.json().at("/data/activeTargets").size());
        assertEquals(0, r.json().at("/data/droppedTargets").size());
        assertTrue(r.json().at("/data/droppedTargetCounts").isNull());
        r = api.get("/api/v1/targets?state=dropped");
        assertEquals(0, r.json().at("/data/activeTargets").size());
        assertEquals(1, r.json().at("/data/droppedTargets").size());
        assertEquals("{\"status\":\"success\",\"data\":{\"scrapePools\":[\"node\",\"prometheus\"]}}",
                api.get("/api/v1/scrape_pools").body());
    }

    @Test
    void targetMetadataAndMetadata() throws Exception {
        api.targets = targets();
        assertEquals("{\"status\":\"success\",\"data\":[{\"target\":{\"instance\":\"localhost:9090\",\"job\":\"prometheus\"},"
                + "\"metric\":\"up\",\"type\":\"gauge\",\"help\":\"Whether up.\",\"unit\":\"\"}]}",
                api.get("/api/v1/targets/metadata?match_target=%7Bjob%3D%22prometheus%22%7D").body());
        assertEquals("{\"status\":\"success\",\"data\":[{\"target\":{\"instance\":\"localhost:9090\",\"job\":\"prometheus\"},"
                + "\"type\":\"gauge\",\"help\":\"Whether up.\",\"unit\":\"\"}]}",
                api.get("/api/v1/targets/metadata?metric=up").body());
        assertEquals("{\"status\":\"success\",\"data\":[]}",
                api.get("/api/v1/targets/metadata?match_target=%7Bjob%3D%22other%22%7D").body());
        assertError(api.get("/api/v1/targets/metadata?limit=x"), 400, "limit must be a number");
        assertError(api.get("/api/v1/targets/metadata?match_target=%7Bjob%7D"), 400,
                "invalid parameter \"match_target\": 1:5: parse error: unexpected \"}\" in label matching, expected label matching operator");
        assertEquals("{\"status\":\"success\",\"data\":{\"go_goroutines\":[{\"type\":\"gauge\",\"help\":\"Number of goroutines.\","
                + "\"unit\":\"\"}],\"up\":[{\"type\":\"gauge\",\"help\":\"Whether up.\",\"unit\":\"\"}]}}",
                api.get("/api/v1/metadata").body());
        assertError(api.get("/api/v1/metadata?limit_per_metric=x"), 400, "limit_per_metric must be a number");
    }

    @Test
    void targetsWithoutScrapingAreUnavailable() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/targets");
        assertEquals(503, r.status());
        assertTrue(r.json().get("error").asText().contains("feature:install epimetheus-scrape"));
        assertEquals(503, api.get("/api/v1/metadata").status());
    }

    @Test
    void rulesAlertsAndAlertmanagersAreEmptyWithoutProviders() throws Exception {
        assertEquals("{\"status\":\"success\",\"data\":{\"groups\":[]}}", api.get("/api/v1/rules").body());
        assertEquals("{\"status\":\"success\",\"data\":{\"alerts\":[]}}", api.get("/api/v1/alerts").body());
        assertEquals("{\"status\":\"success\",\"data\":{\"activeAlertmanagers\":[],\"droppedAlertmanagers\":[]}}",
                api.get("/api/v1/alertmanagers").body());
    }

    private static RuleGroup group() {
        ActiveAlert firing = new ActiveAlert(Labels.of("alertname", "HighLoad", "severity", "page"),
                Labels.of("summary", "load is high"), AlertState.FIRING, Instant.parse("2024-01-01T00:00:00Z"), null, 1.5);
        AlertingRule alerting = new AlertingRule("HighLoad", "node_load1 > 1", Duration.ofMinutes(5), Duration.ZERO,
                Labels.of("severity", "page"), Labels.of("summary", "load is high"), AlertState.FIRING, List.of(firing),
                RuleHealth.OK, "", Duration.ofMillis(2), Instant.parse("2024-01-01T00:10:00Z"));
        RecordingRule recording = new RecordingRule("job:up:sum", "sum by (job) (up)", Labels.EMPTY, RuleHealth.ERR,
                "many-to-many", Duration.ofMillis(1), null);
        return new RuleGroup("example", "/etc/rules.yml", List.of(alerting, recording), Duration.ofMinutes(1), 0,
                Duration.ofMillis(3), Instant.parse("2024-01-01T00:10:00Z"));
    }

    @Test
    void rulesInPrometheusShape() throws Exception {
        api.rules = () -> List.of(group());
        ApiTestServer.Reply r = api.get("/api/v1/rules");
        assertEquals("{\"state\":\"firing\",\"name\":\"HighLoad\",\"query\":\"node_load1 > 1\",\"duration\":300,"
                + "\"keepFiringFor\":0,\"labels\":{\"severity\":\"page\"},\"annotations\":{\"summary\":\"load is high\"},"
                + "\"alerts\":[{\"labels\":{\"alertname\":\"HighLoad\",\"severity\":\"page\"},\"annotations\":{\"summary\":"
                + "\"load is high\"},\"state\":\"firing\",\"activeAt\":\"2024-01-01T00:00:00Z\",\"value\":\"1.5e+00\"}],"
                + "\"health\":\"ok\",\"evaluationTime\":0.002,\"lastEvaluation\":\"2024-01-01T00:10:00Z\",\"type\":\"alerting\"}",
                r.json().at("/data/groups/0/rules/0").toString());
        assertEquals("{\"name\":\"job:up:sum\",\"query\":\"sum by (job) (up)\",\"labels\":{},\"health\":\"err\","
                + "\"lastError\":\"many-to-many\",\"evaluationTime\":0.001,\"lastEvaluation\":\"0001-01-01T00:00:00Z\","
                + "\"type\":\"recording\"}", r.json().at("/data/groups/0/rules/1").toString());
        assertEquals(60, r.json().at("/data/groups/0/interval").asInt());
        assertEquals("/etc/rules.yml", r.json().at("/data/groups/0/file").asText());
    }

    @Test
    void rulesFilters() throws Exception {
        api.rules = () -> List.of(group());
        assertEquals(1, api.get("/api/v1/rules?type=alert").json().at("/data/groups/0/rules").size());
        assertEquals("recording", api.get("/api/v1/rules?type=record").json().at("/data/groups/0/rules/0/type").asText());
        assertEquals(0, api.get("/api/v1/rules?rule_group[]=other").json().at("/data/groups").size());
        assertEquals(1, api.get("/api/v1/rules?rule_name[]=HighLoad").json().at("/data/groups/0/rules").size());
        assertEquals(1, api.get("/api/v1/rules?match[]=%7Bseverity%3D%22page%22%7D").json().at("/data/groups/0/rules").size());
        assertTrue(api.get("/api/v1/rules?exclude_alerts=true").json().at("/data/groups/0/rules/0/alerts").isNull());
        assertError(api.get("/api/v1/rules?type=x"), 400, "invalid parameter \"type\": not supported value \"x\"");
        assertError(api.get("/api/v1/rules?exclude_alerts=maybe"), 400, "invalid parameter \"exclude_alerts\": "
                + "error converting exclude_alerts: strconv.ParseBool: parsing \"maybe\": invalid syntax");
        assertError(api.get("/api/v1/rules?group_next_token=abc"), 400,
                "invalid parameter \"group_next_token\": group_limit needs to be present in order to paginate over the groups");
        assertError(api.get("/api/v1/rules?group_limit=0"), 400,
                "invalid parameter \"group_limit\": group_limit needs to be greater than 0");
    }

    @Test
    void rulesPagination() throws Exception {
        RuleGroup g1 = group();
        RuleGroup g2 = new RuleGroup("second", "/etc/rules.yml", g1.rules(), g1.interval(), 0, g1.evaluationTime(), null);
        api.rules = () -> List.of(g1, g2);
        ApiTestServer.Reply r = api.get("/api/v1/rules?group_limit=1");
        assertEquals(1, r.json().at("/data/groups").size());
        String token = r.json().at("/data/groupNextToken").asText();
        assertEquals(RulesEndpoints.nextToken(g2), token);
        r = api.get("/api/v1/rules?group_limit=1&group_next_token=" + token);
        assertEquals("second", r.json().at("/data/groups/0/name").asText());
        assertTrue(r.json().at("/data/groupNextToken").isMissingNode());
    }

    @Test
    void alertsAndAlertmanagers() throws Exception {
        api.rules = () -> List.of(group());
        assertEquals("{\"status\":\"success\",\"data\":{\"alerts\":[{\"labels\":{\"alertname\":\"HighLoad\",\"severity\":\"page\"},"
                + "\"annotations\":{\"summary\":\"load is high\"},\"state\":\"firing\",\"activeAt\":\"2024-01-01T00:00:00Z\","
                + "\"value\":\"1.5e+00\"}]}}", api.get("/api/v1/alerts").body());
        api.alertmanagers = new AlertmanagersView() {
            @Override
            public List<URI> activeAlertmanagers() {
                return List.of(URI.create("http://am:9093/api/v2/alerts"));
            }

            @Override
            public List<URI> droppedAlertmanagers() {
                return List.of();
            }
        };
        assertEquals("{\"status\":\"success\",\"data\":{\"activeAlertmanagers\":[{\"url\":\"http://am:9093/api/v2/alerts\"}],"
                + "\"droppedAlertmanagers\":[]}}", api.get("/api/v1/alertmanagers").body());
    }

    @Test
    void flagsAndRuntimeInfo() throws Exception {
        ApiTestServer.Reply r = api.get("/api/v1/status/flags");
        assertEquals("false", r.json().at("/data/web.enable-admin-api").asText());
        assertEquals(".*", r.json().at("/data/web.cors.origin").asText());
        r = api.get("/api/v1/status/runtimeinfo");
        assertEquals(200, r.status());
        assertTrue(r.json().at("/data/GOMAXPROCS").asInt() > 0);
        assertTrue(r.json().at("/data/startTime").asText().endsWith("Z"));
        assertEquals("15d", r.json().at("/data/storageRetention").asText());
        assertEquals(503, api.get("/api/v1/status/config").status());
    }
}
