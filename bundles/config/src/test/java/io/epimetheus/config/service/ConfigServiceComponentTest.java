package io.epimetheus.config.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.scrape.discovery.StaticDiscovererFactory;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigServiceComponentTest {

    @TempDir
    Path dir;

    private static ConfigServiceComponent.Settings settings(Path file, boolean autoReload, String interval) {
        return new ConfigServiceComponent.Settings() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConfigServiceComponent.Settings.class;
            }

            @Override
            public String file() {
                return file.toString();
            }

            @Override
            public boolean auto_reload() {
                return autoReload;
            }

            @Override
            public String auto_reload_interval() {
                return interval;
            }
        };
    }

    private static ConfigServiceComponent component() {
        ConfigServiceComponent c = new ConfigServiceComponent();
        c.addDiscovererFactory(new StaticDiscovererFactory(), Map.of(DiscovererFactory.TYPE_PROPERTY, "static"));
        return c;
    }

    private static Map<String, Double> metrics(ConfigServiceComponent c) {
        Map<String, Double> out = new HashMap<>();
        c.collect(new MetricSink() {
            @Override
            public void family(String name, MetricType type, String help, String unit) {
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                out.put(name, value);
            }

            @Override
            public void sample(String name, Labels labels, double value, long t) {
                out.put(name, value);
            }
        });
        return out;
    }

    @Test
    void badReloadKeepsTheRunningConfiguration() throws IOException {
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['x:1']}]\n");
        ConfigServiceComponent c = component();
        c.activate(settings(file, false, "30s"));
        try {
            List<PrometheusConfig> seen = new ArrayList<>();
            c.addListener(seen::add);
            assertEquals(1, seen.size(), "a new listener gets the current configuration");
            assertNotNull(c.current().scrapeConfig("a"));
            assertTrue(c.lastReload().success());
            assertEquals(1.0, metrics(c).get("prometheus_config_last_reload_successful"));

            Files.writeString(file, "scrape_configs:\n  - job_name: a\n    scrape_timeout: 2m\n");
            ReloadStatus s = c.reload();
            assertFalse(s.success());
            assertTrue(s.error().contains("scrape timeout greater than scrape interval"), s.error());
            assertTrue(s.error().startsWith(file.toString() + ": line "), s.error());
            assertNotNull(c.current().scrapeConfig("a"), "the running configuration stays");
            assertEquals(1, seen.size(), "listeners are not told about a rejected file");
            assertEquals(0.0, metrics(c).get("prometheus_config_last_reload_successful"));
            assertTrue(metrics(c).get("prometheus_config_last_reload_success_timestamp_seconds") > 0);

            Files.writeString(file, "scrape_configs:\n  - job_name: b\n");
            assertTrue(c.reload().success());
            assertNull(c.current().scrapeConfig("a"));
            assertEquals(2, seen.size());
        } finally {
            c.deactivate();
        }
    }

    @Test
    void autoReloadFollowsTheFileContent() throws Exception {
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, "scrape_configs:\n  - job_name: a\n");
        ConfigServiceComponent c = component();
        c.activate(settings(file, true, "50ms"));
        try {
            Files.writeString(file, "scrape_configs:\n  - job_name: b\n");
            long deadline = System.currentTimeMillis() + 10_000;
            while (c.current().scrapeConfig("b") == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertNotNull(c.current().scrapeConfig("b"), "reloaded after the change");
        } finally {
            c.deactivate();
        }
        // A terminated executor's thread may still be finishing its exit: allow it a moment.
        long deadline = System.currentTimeMillis() + 5000;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("epimetheus-config") && t.isAlive())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("epimetheus-config") && t.isAlive()), "no thread left behind");
    }

    @Test
    void missingFileIsReportedAndAPluginArrivingLaterTriggersAReload() throws Exception {
        Path file = dir.resolve("prometheus.yml");
        ConfigServiceComponent c = new ConfigServiceComponent();
        c.activate(settings(file, false, "30s"));
        try {
            assertFalse(c.lastReload().success());
            assertTrue(c.lastReload().error().contains("no such file or directory"), c.lastReload().error());
            assertEquals(PrometheusConfig.EMPTY, c.current());

            Files.writeString(file, "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['x:1']}]\n");
            ReloadStatus s = c.reload();
            assertTrue(s.error().contains("feature:install epimetheus-scrape"), s.error());
            c.addDiscovererFactory(new StaticDiscovererFactory(), Map.of(DiscovererFactory.TYPE_PROPERTY, "static"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (!c.lastReload().success() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(c.lastReload().success(), "the static plugin made the file valid");
        } finally {
            c.deactivate();
        }
    }

    @Test
    void placeholdersInTheFileSetting() {
        System.setProperty("karaf.etc", "/opt/epimetheus/etc");
        try {
            assertEquals("/opt/epimetheus/etc/prometheus.yml",
                    ConfigServiceComponent.interpolate("${karaf.etc}/prometheus.yml"));
        } finally {
            System.clearProperty("karaf.etc");
        }
        assertEquals("etc/prometheus.yml", ConfigServiceComponent.interpolate("${karaf.etc}/prometheus.yml"));
    }
}
