package io.epimetheus.promql.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.Vector;
import io.epimetheus.promql.testing.MemoryStorage;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DS components over their configuration, as Declarative Services creates them. */
class ComponentsTest {

    /** The component property type as DS builds it from {@code properties} and the defaults. */
    static PromqlConfig config(Map<String, Object> properties) {
        return (PromqlConfig) Proxy.newProxyInstance(PromqlConfig.class.getClassLoader(),
                new Class<?>[] {PromqlConfig.class}, (proxy, method, args) -> {
                    Object v = properties.get(method.getName().replace('_', '.'));
                    return v != null ? v : method.getDefaultValue();
                });
    }

    /** A configuration service whose {@code prometheus.yml} sets {@code evaluation_interval}. */
    static final class FixedConfig implements ConfigService {
        volatile Duration evaluationInterval;

        FixedConfig(Duration evaluationInterval) {
            this.evaluationInterval = evaluationInterval;
        }

        @Override
        public PrometheusConfig current() {
            GlobalConfig d = GlobalConfig.DEFAULT;
            GlobalConfig g = new GlobalConfig(d.scrapeInterval(), d.scrapeTimeout(), evaluationInterval,
                    d.ruleQueryOffset(), d.scrapeProtocols(), d.queryLogFile(), d.scrapeFailureLogFile(),
                    d.externalLabels(), d.limits(), d.metricNameValidationScheme(), d.metricNameEscapingScheme(),
                    d.scrapeNativeHistograms(), d.convertClassicHistogramsToNhcb(), d.alwaysScrapeClassicHistograms(),
                    d.extraScrapeMetrics());
            PrometheusConfig e = PrometheusConfig.EMPTY;
            return new PrometheusConfig("prometheus.yml", g, e.ruleFiles(), e.scrapeConfigFiles(), e.scrapeConfigs(),
                    e.alerting(), e.remoteWrite(), e.remoteRead(), e.storage(), e.tracing(), e.otlp(), e.runtime());
        }

        @Override
        public ReloadStatus reload() {
            throw new IllegalStateException("not reloaded in this test");
        }

        @Override
        public ReloadStatus lastReload() {
            throw new IllegalStateException("not reloaded in this test");
        }

        @Override
        public PrometheusConfig check(Path file) {
            throw new IllegalStateException("not checked in this test");
        }

        @Override
        public void addListener(ConfigListener listener) {
            listener.configChanged(current());
        }

        @Override
        public void removeListener(ConfigListener listener) {
            // nothing registered
        }
    }

    private final MemoryStorage storage = new MemoryStorage();

    /** The number of points a subquery without a step has over 10 minutes. */
    private double stepsIn10m(QueryEngineComponent engine) {
        Vector v = (Vector) engine.instantQuery(storage, "count_over_time(vector(1)[10m:])", 3_600_000,
                QueryOptions.DEFAULTS).execute().value();
        return v.samples().get(0).v();
    }

    @Test
    void subqueryStepFollowsTheGlobalEvaluationInterval() {
        // As Declarative Services passes it: the property present with its empty default.
        QueryEngineComponent engine = new QueryEngineComponent(config(Map.of("default.subquery.step", "")));
        assertEquals(10, stepsIn10m(engine), "1m without a configuration service");
        FixedConfig prometheusYml = new FixedConfig(Duration.ofSeconds(30));
        engine.configService = prometheusYml;
        assertEquals(20, stepsIn10m(engine));
        prometheusYml.evaluationInterval = Duration.ofMinutes(2);
        assertEquals(5, stepsIn10m(engine), "a reloaded evaluation_interval applies to the next query");
        engine.configService = null;
        assertEquals(10, stepsIn10m(engine), "back to the property's default when the service goes");
        engine.deactivate();
    }

    @Test
    void anExplicitSubqueryStepWins() {
        Map<String, Object> props = new HashMap<>();
        props.put("default.subquery.step", "20s");
        QueryEngineComponent engine = new QueryEngineComponent(config(props));
        engine.configService = new FixedConfig(Duration.ofSeconds(30));
        assertEquals(30, stepsIn10m(engine));
        props.put("default.subquery.step", "1m");
        engine.modified(config(props));
        assertEquals(10, stepsIn10m(engine));
        props.remove("default.subquery.step");
        engine.modified(config(props));
        assertEquals(20, stepsIn10m(engine));
        engine.deactivate();
    }

    @Test
    void syntaxTreesParseWithTheConfiguredFeatures() {
        storage.add(Labels.of("__name__", "up"), 0, 1);
        SyntaxTreeComponent trees = new SyntaxTreeComponent(config(Map.of()));
        assertTrue(trees.syntaxTreeJson("up").startsWith("{\"anchored\":false,\"matchers\":["));
        QueryException e = assertThrows(QueryException.class, () -> trees.syntaxTreeJson("limitk(1, up)"));
        assertEquals(ErrorType.BAD_DATA, e.type());
        assertEquals("1:1: parse error: limitk() is experimental and must be enabled with "
                + "--enable-feature=promql-experimental-functions", e.getMessage());
        e = assertThrows(QueryException.class, () -> trees.syntaxTreeJson("sum(up"));
        assertEquals(ErrorType.BAD_DATA, e.type());
        assertEquals("1:7: parse error: unclosed left parenthesis", e.getMessage());

        Map<String, Object> all = Map.of("enable.experimental.functions", true, "enable.binop.fill.modifiers", true);
        trees.modified(config(all));
        assertTrue(trees.syntaxTreeJson("limitk(1, up)").contains("\"op\":\"limitk\""));
        e = assertThrows(QueryException.class, () -> trees.syntaxTreeJson("up + fill(NaN) up"));
        assertEquals(ErrorType.INTERNAL, e.type());
        assertEquals("unsupported value: NaN", e.getMessage());
    }
}
