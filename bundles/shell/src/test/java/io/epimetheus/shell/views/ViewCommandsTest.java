package io.epimetheus.shell.views;

import static io.epimetheus.shell.CommandOutput.capture;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.rules.ActiveAlert;
import io.epimetheus.api.rules.AlertState;
import io.epimetheus.api.rules.AlertingRule;
import io.epimetheus.api.rules.RecordingRule;
import io.epimetheus.api.rules.RuleGroup;
import io.epimetheus.api.rules.RuleHealth;
import io.epimetheus.api.scrape.ActiveTarget;
import io.epimetheus.api.scrape.DroppedTarget;
import io.epimetheus.api.scrape.TargetHealth;
import io.epimetheus.api.scrape.TargetMetadata;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.shell.FixedConfigService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ViewCommandsTest {

    private static TargetsView targets() {
        return new TargetsView() {
            @Override
            public List<String> scrapePools() {
                return List.of("node");
            }

            @Override
            public List<ActiveTarget> activeTargets() {
                return List.of(new ActiveTarget("node", Labels.of("__address__", "n:9100"), Labels.of("instance", "n:9100", "job", "node"),
                        "http://n:9100/metrics", "http://n:9100/metrics", TargetHealth.DOWN, "connection refused",
                        Instant.now().minusSeconds(5), Duration.ofMillis(3), Duration.ofSeconds(15), Duration.ofSeconds(10)));
            }

            @Override
            public List<DroppedTarget> droppedTargets() {
                return List.of(new DroppedTarget("node", Labels.of("__address__", "x:1")));
            }

            @Override
            public Map<String, Long> droppedTargetCounts() {
                return Map.of("node", 4L);
            }

            @Override
            public List<TargetMetadata> targetMetadata(Predicate<Labels> f, String metric, int limit) {
                return List.of();
            }

            @Override
            public Map<String, List<MetricMetadata>> metadata(String metric, int limit, int perMetric) {
                return Map.of();
            }
        };
    }

    @Test
    void targetsTable() throws Exception {
        TargetsCommand c = new TargetsCommand();
        String out = capture(c);
        assertTrue(out.contains("feature:install epimetheus-scrape"), out);
        c.targets = targets();
        out = capture(c);
        assertTrue(out.contains("http://n:9100/metrics") && out.contains("DOWN") && out.contains("connection refused"), out);
        assertTrue(out.contains("1 active target(s)"), out);
        c.state = "dropped";
        out = capture(c);
        assertTrue(out.contains("x:1") && out.contains("4 dropped in all"), out);
        c.state = "bogus";
        assertTrue(capture(c).contains("--state must be"));
    }

    @Test
    void rulesAndAlerts() throws Exception {
        ActiveAlert alert = new ActiveAlert(Labels.of("alertname", "Down", "job", "node"), Labels.of("summary", "down"),
                AlertState.FIRING, Instant.now().minusSeconds(60), null, 1);
        RuleGroup g = new RuleGroup("g1", "/r.yml", List.of(
                new AlertingRule("Down", "up == 0", Duration.ofMinutes(1), Duration.ZERO, Labels.EMPTY, Labels.EMPTY,
                        AlertState.FIRING, List.of(alert), RuleHealth.OK, "", Duration.ofMillis(1), Instant.now()),
                new RecordingRule("job:up:sum", "sum by (job) (up)", Labels.EMPTY, RuleHealth.ERR, "boom",
                        Duration.ofMillis(1), null)),
                Duration.ofMinutes(1), 0, Duration.ZERO, null);
        RulesCommand rules = new RulesCommand();
        assertTrue(capture(rules).contains("0 rule group(s)"));
        rules.rules = () -> List.of(g);
        String out = capture(rules);
        assertTrue(out.contains("up == 0") && out.contains("FIRING") && out.contains("job:up:sum") && out.contains("boom"), out);
        rules.type = "record";
        assertTrue(!capture(rules).contains("up == 0"));
        AlertsCommand alerts = new AlertsCommand();
        alerts.rules = () -> List.of(g);
        out = capture(alerts);
        assertTrue(out.contains("Down") && out.contains("FIRING") && out.contains("1 alert(s)"), out);
    }

    @Test
    void configShow() throws Exception {
        ConfigShowCommand c = new ConfigShowCommand();
        assertTrue(capture(c).contains("feature:install epimetheus-config"));
        c.config = new FixedConfigService(
                new ReloadStatus("/etc/prometheus.yml", false, Instant.now(), null, "yaml: line 3: bad"));
        String out = capture(c);
        assertTrue(out.contains("FAILED") && out.contains("yaml: line 3: bad") && out.contains("0 scrape job(s)"), out);
    }
}
