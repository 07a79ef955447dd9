package io.epimetheus.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.RelabelAction;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.ScrapeProtocol;
import io.epimetheus.api.discovery.Discoverer;
import io.epimetheus.api.model.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Defaults, inheritance, error locations and the details the conformance fixtures do not pin down. */
class ConfigLoaderTest {

    private static final Path DIR = Path.of(System.getProperty("conformance.dir"), "config");

    private final ConfigLoader loader = ConfigConformanceTest.loader();

    private PrometheusConfig parse(String yaml) {
        return loader.parse(yaml, Path.of("/etc/epimetheus"), "");
    }

    private ConfigException rejected(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml));
    }

    @Test
    void emptyFileIsTheDefaults() {
        PrometheusConfig c = parse("");
        assertEquals(PrometheusConfig.EMPTY, c);
        assertEquals(PrometheusConfig.EMPTY, parse("# only a comment\n"));
    }

    @Test
    void globalDefaultsAndInheritance() {
        PrometheusConfig c = parse("""
                global:
                  scrape_interval: 5s
                  sample_limit: 100
                  external_labels: {dc: eu1}
                scrape_configs:
                  - job_name: a
                    static_configs: [{targets: ['localhost:9100']}]
                  - job_name: b
                    scrape_interval: 1m
                    scrape_timeout: 30s
                    sample_limit: 7
                    honor_timestamps: false
                    params: {module: [x, y]}
                """);
        GlobalConfig g = c.global();
        assertEquals(Duration.ofSeconds(5), g.scrapeInterval());
        assertEquals(Duration.ofSeconds(5), g.scrapeTimeout(), "timeout defaults to min(10s, interval)");
        assertEquals(Duration.ofMinutes(1), g.evaluationInterval());
        assertEquals(Labels.of("dc", "eu1"), g.externalLabels());
        ScrapeConfig a = c.scrapeConfig("a");
        assertEquals(Duration.ofSeconds(5), a.scrapeInterval());
        assertEquals(Duration.ofSeconds(5), a.scrapeTimeout());
        assertEquals(100, a.limits().sampleLimit());
        assertEquals("/metrics", a.metricsPath());
        assertEquals("http", a.scheme());
        assertTrue(a.honorTimestamps());
        assertTrue(a.enableCompression());
        assertEquals(ScrapeProtocol.DEFAULT, a.scrapeProtocols());
        assertEquals("allow-utf-8", a.metricNameEscapingScheme());
        assertEquals(1, a.serviceDiscoveryConfigs().size());
        assertEquals("static", a.serviceDiscoveryConfigs().get(0).type());
        ScrapeConfig b = c.scrapeConfig("b");
        assertEquals(Duration.ofSeconds(30), b.scrapeTimeout());
        assertEquals(7, b.limits().sampleLimit());
        assertEquals(false, b.honorTimestamps());
        assertEquals(Map.of("module", List.of("x", "y")), b.params());
    }

    @Test
    void relabelDefaultsAndExplicitEmptyValues() {
        ScrapeConfig s = parse("""
                scrape_configs:
                  - job_name: a
                    relabel_configs:
                      - target_label: x
                        replacement: y
                      - regex:
                        separator: ""
                        target_label: z
                """).scrapeConfig("a");
        RelabelConfig first = s.relabelConfigs().get(0);
        assertEquals(RelabelAction.REPLACE, first.action());
        assertEquals(";", first.separator());
        assertEquals("(.*)", first.regex());
        RelabelConfig second = s.relabelConfigs().get(1);
        assertEquals("", second.regex(), "a null regex is the empty regex");
        assertEquals("", second.separator());
        assertEquals("$1", second.replacement());
    }

    @Test
    void errorsNameLineAndField() {
        ConfigException e = rejected("""
                global:
                  scrape_interval: 15s
                scrape_configs:
                  - job_name: a
                    scrape_intervl: 5s
                """);
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("field scrape_intervl not found in type config.ScrapeConfig"), e.getMessage());

        e = rejected("scrape_configs:\n  - job_name: a\n    honor_labels: maybe\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("honor_labels"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot unmarshal !!str `maybe` into bool"), e.getMessage());

        e = rejected("scrape_configs:\n  - job_name: a\n    scrape_interval: 5x\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("in duration \"5x\""), e.getMessage());

        e = rejected("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: keep\n        regex: (?<=x)\n");
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("error parsing regexp"), e.getMessage());

        e = rejected("global:\n  scrape_interval: [1]\n");
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());

        e = rejected("scrape_configs:\n  - job_name: a\n    bad: [unclosed\n");
        assertTrue(e.getMessage().startsWith("line "), e.getMessage());
        assertTrue(e.getMessage().contains("yaml:"), e.getMessage());
    }

    @Test
    void sdSectionsMustBeListsOfMappings() {
        ConfigException e = rejected("scrape_configs:\n  - job_name: a\n    static_configs: [[x]]\n");
        assertTrue(e.getMessage().contains("cannot unmarshal !!seq into static.SDConfig"), e.getMessage());
        e = rejected("scrape_configs:\n  - job_name: a\n    static_configs: [x]\n");
        assertTrue(e.getMessage().contains("cannot unmarshal !!str `x` into static.SDConfig"), e.getMessage());
    }

    @Test
    void fileErrorsCarryTheFileName() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(DIR.resolve("jobname.bad.yml")));
        assertTrue(e.file().endsWith("jobname.bad.yml"));
        assertEquals(2, e.line());
        e = assertThrows(ConfigException.class, () -> loader.load(DIR.resolve("does-not-exist.yml")));
        assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
    }

    @Test
    void unknownSdTypeIsAFieldErrorAndKnownOneNamesTheFeature() {
        ConfigException e = rejected("scrape_configs:\n  - job_name: a\n    foo_sd_configs: [{}]\n");
        assertTrue(e.getMessage().contains("field foo_sd_configs not found in type config.ScrapeConfig"), e.getMessage());
        e = rejected("scrape_configs:\n  - job_name: a\n    kubernetes_sd_configs: [{role: pod}]\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("feature:install epimetheus-sd-kubernetes"), e.getMessage());
    }

    @Test
    void installedSdPluginValidatesItsSection() {
        ConfigLoader withPlugin = new ConfigLoader(type -> switch (type) {
            case "static" -> new io.epimetheus.scrape.discovery.StaticDiscovererFactory();
            case "consul" -> (config, context) -> {
                if (!config.containsKey("server")) {
                    throw new ConfigException("consul SD configuration requires a server");
                }
                assertEquals("a", context.jobName());
                return new Discoverer() {
                    @Override
                    public void start(java.util.function.Consumer<List<io.epimetheus.api.discovery.TargetGroup>> updates) {
                    }

                    @Override
                    public void close() {
                    }
                };
            };
            default -> null;
        }, name -> null);
        ConfigException e = assertThrows(ConfigException.class, () -> withPlugin.parse(
                "scrape_configs:\n  - job_name: a\n    consul_sd_configs:\n      - services: [x]\n", Path.of("/"), ""));
        assertEquals(4, e.line());
        assertEquals("consul_sd_configs: consul SD configuration requires a server", e.problem());
        PrometheusConfig ok = withPlugin.parse("scrape_configs:\n  - job_name: a\n    consul_sd_configs: [{server: x}]\n",
                Path.of("/"), "");
        assertEquals(Map.of("server", "x"), ok.scrapeConfig("a").serviceDiscoveryConfigs().get(0).config());
    }

    @Test
    void externalLabelsExpandEnvironmentVariables() {
        ConfigLoader withEnv = new ConfigLoader(type -> null, name -> name.equals("TEST") ? "TestValue" : null);
        PrometheusConfig c = withEnv.parse("""
                global:
                  external_labels:
                    bar: foo
                    foo: ${TEST}
                    baz: foo${TEST}bar
                    qux: foo$${TEST}
                    xyz: foo$$bar
                """, Path.of("/"), "");
        assertEquals(Labels.of("bar", "foo", "foo", "TestValue", "baz", "fooTestValuebar", "qux", "foo${TEST}",
                "xyz", "foo$bar"), c.global().externalLabels());
    }

    @Test
    void relativePathsResolveAgainstTheConfigDirectory() {
        PrometheusConfig c = parse("""
                rule_files: [rules/*.yml, /abs/r.yml]
                scrape_configs:
                  - job_name: a
                    tls_config: {ca_file: ca.pem}
                    bearer_token_file: token
                """);
        assertEquals(List.of("/etc/epimetheus/rules/*.yml", "/abs/r.yml"), c.ruleFiles());
        ScrapeConfig a = c.scrapeConfig("a");
        assertEquals("/etc/epimetheus/ca.pem", a.httpClient().tls().caFile());
        assertEquals("Bearer", a.httpClient().authorization().type());
        assertEquals("/etc/epimetheus/token", a.httpClient().authorization().credentialsFile());
    }

    @Test
    void anchorsAliasesAndMergeKeys() {
        PrometheusConfig c = parse("""
                scrape_configs:
                  - job_name: base
                    <<: &common
                      scrape_interval: 7s
                      metrics_path: /m
                  - job_name: derived
                    <<: *common
                    metrics_path: /override
                """);
        assertEquals(Duration.ofSeconds(7), c.scrapeConfig("derived").scrapeInterval());
        assertEquals("/override", c.scrapeConfig("derived").metricsPath());
        assertEquals("/m", c.scrapeConfig("base").metricsPath());
    }

    @Test
    void secretsAreNotPrinted() {
        ScrapeConfig a = parse("scrape_configs:\n  - job_name: a\n    basic_auth: {username: u, password: hunter2}\n")
                .scrapeConfig("a");
        assertEquals("hunter2", a.httpClient().basicAuth().password().value());
        assertTrue(!a.toString().contains("hunter2"), a.toString());
        assertNull(a.fallbackScrapeProtocol());
        assertEquals(Set.of(), Set.copyOf(a.httpClient().httpHeaders().keySet()));
    }
}
