package io.epimetheus.exporters.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.RecordingSink;
import io.epimetheus.exporters.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jmx_exporter rules over a private MBeanServer holding test MBeans. */
class JmxCollectorTest {

    /** A test MBean interface: two numbers, a flag, a string and a composite value. */
    public interface PoolMBean {
        long getActiveCount();

        double getLoadRatio();

        boolean isRunning();

        String getState();

        CompositeData getUsage() throws OpenDataException;
    }

    public static final class Pool implements PoolMBean {
        private final long active;

        Pool(long active) {
            this.active = active;
        }

        @Override
        public long getActiveCount() {
            return active;
        }

        @Override
        public double getLoadRatio() {
            return 0.25;
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        @Override
        public String getState() {
            return "STARTED";
        }

        @Override
        public CompositeData getUsage() throws OpenDataException {
            CompositeType t = new CompositeType("usage", "usage", new String[] {"used", "max"}, new String[] {"used", "max"},
                    new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG});
            return new CompositeDataSupport(t, new String[] {"used", "max"}, new Object[] {10L, 100L});
        }
    }

    private MBeanServer server;

    @BeforeEach
    void register() throws Exception {
        server = MBeanServerFactory.newMBeanServer();
        server.registerMBean(new Pool(7), new ObjectName("com.example:type=Pool,name=db"));
        server.registerMBean(new Pool(3), new ObjectName("com.example:type=Pool,name=cache"));
    }

    private RecordingSink scrape(Path rules) {
        JmxCollector c = new JmxCollector(TestConfigs.of(JmxConfig.class,
                Map.of("rules.file", rules == null ? "" : rules.toString())), server);
        RecordingSink sink = new RecordingSink();
        c.collect(sink);
        return sink;
    }

    @Test
    void defaultFormatWithoutRules() {
        RecordingSink sink = scrape(null);
        assertEquals(7.0, sink.value("com_example_Pool_ActiveCount", "name", "db"));
        assertEquals(0.25, sink.value("com_example_Pool_LoadRatio", "name", "cache"));
        assertEquals(1.0, sink.value("com_example_Pool_Running", "name", "db"));
        assertEquals(10.0, sink.value("com_example_Pool_Usage_used", "name", "db"));
        assertEquals(MetricType.UNKNOWN, sink.family("com_example_Pool_ActiveCount").type());
        assertEquals(0.0, sink.value("jmx_scrape_error"));
        String help = sink.family("com_example_Pool_ActiveCount").help();
        assertTrue(help.matches(".*\\(com\\.example<type=Pool, name=(db|cache)><>ActiveCount\\)"), help);
        assertFalse(sink.sampleNames().stream().anyMatch(n -> n.contains("State")), "strings are not exported by default");
    }

    @Test
    void rulesWithNameLabelsTypeHelpValueFactorAndSnakeCase(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("jmx.yml");
        Files.writeString(rules, String.join("\n",
                "lowercaseOutputName: true",
                "rules:",
                "  - pattern: 'com.example<type=Pool, name=(\\w+)><>ActiveCount'",
                "    name: Example_Pool_Active_Connections",
                "    type: GAUGE",
                "    help: Active connections of pool $1",
                "    labels:",
                "      pool: $1",
                "      source: jmx",
                "  - pattern: 'com.example<type=Pool, name=(\\w+)><>load_ratio'",
                "    name: example_pool_load_percent",
                "    valueFactor: 100",
                "    attrNameSnakeCase: true",
                "    labels: {pool: $1}",
                "  - pattern: 'com.example<type=Pool, name=(\\w+)><Usage>used'",
                "    name: example_pool_used_total",
                "    type: COUNTER",
                "    labels: {pool: $1}",
                "  - pattern: 'com.example<type=Pool, name=(\\w+)><>State: STARTED'",
                "    name: example_pool_started",
                "    value: 1",
                "    labels: {pool: $1}",
                ""));
        RecordingSink sink = scrape(rules);
        assertEquals(7.0, sink.value("example_pool_active_connections", "pool", "db", "source", "jmx"));
        assertEquals(3.0, sink.value("example_pool_active_connections", "pool", "cache", "source", "jmx"));
        assertEquals(MetricType.GAUGE, sink.family("example_pool_active_connections").type());
        // The help of a family comes from the first bean that produced it, as in jmx_exporter.
        assertTrue(sink.family("example_pool_active_connections").help().matches("Active connections of pool (db|cache)"));
        assertEquals(25.0, sink.value("example_pool_load_percent", "pool", "db"));
        assertEquals(10.0, sink.value("example_pool_used_total", "pool", "db"));
        assertEquals(MetricType.COUNTER, sink.family("example_pool_used").type());
        assertEquals(1.0, sink.value("example_pool_started", "pool", "cache"));
        // A matched attribute stops at the first rule; unmatched ones are not exported with rules present.
        assertFalse(sink.sampleNames().contains("com_example_Pool_Running"));
        assertEquals(0.0, sink.value("jmx_config_reload_failure_total"));
    }

    @Test
    void includeAndExcludeObjectNames(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("jmx.yml");
        Files.writeString(rules, "includeObjectNames: ['com.example:type=Pool,*']\nexcludeObjectNames: ['com.example:name=cache,*']\n");
        RecordingSink sink = scrape(rules);
        assertTrue(sink.has("com_example_Pool_ActiveCount", "name", "db"));
        assertFalse(sink.has("com_example_Pool_ActiveCount", "name", "cache"));
        assertFalse(sink.sampleNames().stream().anyMatch(n -> n.startsWith("JMImplementation")));
    }

    @Test
    void aChangedFileIsReloadedAndABadOneKeepsThePreviousRules(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("jmx.yml");
        Files.writeString(rules, "rules:\n  - pattern: 'ActiveCount'\n    name: first\n");
        JmxCollector c = new JmxCollector(TestConfigs.of(JmxConfig.class, Map.of("rules.file", rules.toString())), server);
        RecordingSink sink = new RecordingSink();
        c.collect(sink);
        assertTrue(sink.sampleNames().contains("first"));

        Files.writeString(rules, "rules:\n  - pattern: 'ActiveCount'\n    name: second\n");
        Files.setLastModifiedTime(rules, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        sink = new RecordingSink();
        c.collect(sink);
        assertTrue(sink.sampleNames().contains("second"));
        assertEquals(1.0, sink.value("jmx_config_reload_success_total"));

        Files.writeString(rules, "rules:\n  - name: no_pattern\n");
        Files.setLastModifiedTime(rules, FileTime.fromMillis(System.currentTimeMillis() + 10000));
        sink = new RecordingSink();
        c.collect(sink);
        assertTrue(sink.sampleNames().contains("second"));
        assertEquals(1.0, sink.value("jmx_config_reload_failure_total"));
    }

    @Test
    void invalidConfigurationsAreRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmxRules.parse("rules:\n  - name: x\n", "jmx.yml"));
        assertEquals("jmx.yml: rule 0: must provide pattern, if name is given", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JmxRules.parse("hostPort: localhost:1234\n", "jmx.yml"));
        assertTrue(e.getMessage().contains("'hostPort' is not supported"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> JmxRules.parse("rules:\n  - pattern: 'a('\n", "jmx.yml"));
        assertTrue(e.getMessage().startsWith("jmx.yml: rule 0: invalid pattern a("), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> JmxRules.parse("rules:\n  - pattern: a\n    name: b\n    type: HISTOGRAM\n", "jmx.yml"));
        assertTrue(e.getMessage().contains("is not one of GAUGE, COUNTER, UNTYPED"), e.getMessage());
    }

    @Test
    void keyPropertiesKeepTheirOrderAndQuotes() {
        assertEquals("{type=Pool, name=\"a,b\", x=1}",
                MBeanWalker.keyProperties("type=Pool,name=\"a,b\",x=1").toString());
    }
}
