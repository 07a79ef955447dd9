package io.epimetheus.scrape.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelAction;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.scrape.testing.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetBuilderTest {

    private static TargetBuilder.Result build(ScrapeConfig c, Labels target, Labels group) {
        return new TargetBuilder(c, Relabeler.compile(c.relabelConfigs())).build(target, group);
    }

    private static RelabelConfig replace(String source, String regex, String target, String replacement) {
        return new RelabelConfig(source == null ? List.of() : List.of(source), ";", regex, 0, target, replacement,
                RelabelAction.REPLACE, NameValidationScheme.UTF8);
    }

    @Test
    void defaultsInstanceAndMetaLabels() {
        ScrapeConfig c = TestConfigs.job("node").params(Map.of("module", List.of("if_mib"))).build();
        TargetBuilder.Result r = build(c, Labels.of("__address__", "h:9100", "__meta_x", "y"), Labels.of("dc", "a", "__meta_g", "z"));
        assertEquals(Labels.of("__address__", "h:9100", "__meta_x", "y", "__meta_g", "z", "dc", "a", "job", "node",
                "__scrape_interval__", "15s", "__scrape_timeout__", "10s", "__metrics_path__", "/metrics",
                "__scheme__", "http", "__param_module", "if_mib"), r.discovered());
        assertEquals(Labels.of("__address__", "h:9100", "dc", "a", "job", "node", "instance", "h:9100",
                "__scrape_interval__", "15s", "__scrape_timeout__", "10s", "__metrics_path__", "/metrics",
                "__scheme__", "http", "__param_module", "if_mib"), r.labels());
        ScrapeTarget t = new ScrapeTarget("node", r.labels(), r.discovered(), c.params());
        assertEquals("http://h:9100/metrics?module=if_mib", t.url());
        assertEquals(Labels.of("dc", "a", "job", "node", "instance", "h:9100"), t.publicLabels());
    }

    @Test
    void targetLabelsWinOverGroupLabels() {
        TargetBuilder.Result r = build(TestConfigs.job("j").build(), Labels.of("__address__", "a:1", "x", "target"),
                Labels.of("x", "group"));
        assertEquals("target", r.labels().get("x"));
    }

    @Test
    void relabelingChangesHowTheTargetIsScraped() {
        ScrapeConfig c = TestConfigs.job("blackbox").relabel(List.of(
                replace("__address__", "(.*)", "__param_target", "$1"),
                replace(null, "(.*)", "__address__", "prober:9115"),
                replace(null, "(.*)", "__metrics_path__", "/probe"),
                replace(null, "(.*)", "__scrape_interval__", "1m"))).build();
        TargetBuilder.Result r = build(c, Labels.of("__address__", "example.com"), Labels.EMPTY);
        ScrapeTarget t = new ScrapeTarget("blackbox", r.labels(), r.discovered(), c.params());
        assertEquals("http://prober:9115/probe?target=example.com", t.url());
        assertEquals("prober:9115", t.publicLabels().get("instance"));
        assertEquals(Duration.ofMinutes(1).toMillis(), t.intervalMillis());
    }

    @Test
    void droppedAndInvalidTargets() {
        RelabelConfig drop = new RelabelConfig(List.of("__address__"), ";", "drop.*", 0, "", "$1", RelabelAction.DROP,
                NameValidationScheme.UTF8);
        TargetBuilder.Result dropped = build(TestConfigs.job("j").relabel(List.of(drop)).build(),
                Labels.of("__address__", "drop:1"), Labels.EMPTY);
        assertTrue(dropped.dropped());
        assertNull(dropped.labels());

        TargetBuilder.Result noAddress = build(TestConfigs.job("j").build(), Labels.of("x", "y"), Labels.EMPTY);
        assertEquals("no address", noAddress.error());
        TargetBuilder.Result url = build(TestConfigs.job("j").build(), Labels.of("__address__", "http://x/"), Labels.EMPTY);
        assertEquals("\"http://x/\" is not a valid hostname", url.error());
        TargetBuilder.Result badTimeout = build(TestConfigs.job("j").relabel(List.of(
                replace(null, "(.*)", "__scrape_timeout__", "1h"))).build(), Labels.of("__address__", "a:1"), Labels.EMPTY);
        assertEquals("scrape timeout cannot be greater than scrape interval (\"1h\" > \"15s\")", badTimeout.error());
        TargetBuilder.Result zero = build(TestConfigs.job("j").relabel(List.of(
                replace(null, "(.*)", "__scrape_interval__", "0s"))).build(), Labels.of("__address__", "a:1"), Labels.EMPTY);
        assertEquals("scrape interval cannot be 0", zero.error());
    }

    @Test
    void offsetsAreStableAndWithinTheInterval() {
        ScrapeConfig c = TestConfigs.job("j").build();
        TargetBuilder.Result r = build(c, Labels.of("__address__", "a:1"), Labels.EMPTY);
        ScrapeTarget t = new ScrapeTarget("j", r.labels(), r.discovered(), c.params());
        long d1 = t.initialDelay(1_000_000, 42);
        long d2 = t.initialDelay(1_000_000 + t.intervalMillis(), 42);
        assertEquals(d1, d2, "same phase every interval");
        assertTrue(d1 >= 0 && d1 <= t.intervalMillis());
    }
}
