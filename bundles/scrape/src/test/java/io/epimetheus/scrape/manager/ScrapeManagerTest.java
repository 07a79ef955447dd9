package io.epimetheus.scrape.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.SdConfig;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.scrape.ActiveTarget;
import io.epimetheus.api.scrape.TargetHealth;
import io.epimetheus.scrape.discovery.StaticDiscovererFactory;
import io.epimetheus.scrape.testing.MemoryStorage;
import io.epimetheus.scrape.testing.TestConfigs;
import io.epimetheus.scrape.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager end to end: configuration, static discovery, pools, loops, reloads and the view. */
class ScrapeManagerTest {

    @TempDir
    Path dir;

    /** Holds a configuration and tells listeners about it, like the config bundle's service. */
    static final class FixedConfigService implements ConfigService {
        private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();
        private volatile PrometheusConfig current = PrometheusConfig.EMPTY;

        void set(PrometheusConfig c) {
            current = c;
            listeners.forEach(l -> l.configChanged(c));
        }

        @Override
        public PrometheusConfig current() {
            return current;
        }

        @Override
        public ReloadStatus reload() {
            return lastReload();
        }

        @Override
        public ReloadStatus lastReload() {
            return new ReloadStatus("", true, null, null, null);
        }

        @Override
        public PrometheusConfig check(Path file) {
            return current;
        }

        @Override
        public void addListener(ConfigListener l) {
            listeners.add(l);
            l.configChanged(current);
        }

        @Override
        public void removeListener(ConfigListener l) {
            listeners.remove(l);
        }
    }

    private static PrometheusConfig config(ScrapeConfig... jobs) {
        PrometheusConfig e = PrometheusConfig.EMPTY;
        return new PrometheusConfig("", GlobalConfig.DEFAULT, List.of(), List.of(), List.of(jobs), e.alerting(), List.of(),
                List.of(), e.storage(), null, e.otlp(), e.runtime());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void scrapesReloadsAndRemovesJobs() throws Exception {
        try (TestServer server = new TestServer()) {
            server.body("requests_total 5\n");
            MemoryStorage storage = new MemoryStorage();
            FixedConfigService configs = new FixedConfigService();
            ScrapeManager m = new ScrapeManager();
            m.bindStorage(storage);
            m.bindDiscovererFactory(new StaticDiscovererFactory(), Map.of(DiscovererFactory.TYPE_PROPERTY, "static"));
            m.bindConfigService(configs);
            m.activate();
            try {
                SdConfig targets = new SdConfig("static", Map.of("targets", List.of(server.address()), "labels", Map.of("dc", "x")));
                ScrapeConfig job = TestConfigs.job("app").interval(Duration.ofMillis(200), Duration.ofMillis(200))
                        .sd(List.of(targets)).build();
                configs.set(config(job));
                Labels up = Labels.of("__name__", "up", "job", "app", "instance", server.address(), "dc", "x");
                await(() -> storage.samples(up).size() >= 2, "two scrapes");
                assertEquals(1, storage.last(up).v());
                List<ActiveTarget> active = m.activeTargets();
                assertEquals(1, active.size());
                assertEquals(TargetHealth.UP, active.get(0).health());
                assertEquals(List.of("app"), m.scrapePools());
                assertEquals("http://" + server.address() + "/metrics", active.get(0).scrapeUrl());
                long samples = storage.samples(up).stream().map(s -> s.t()).distinct().count();
                assertTrue(samples >= 2);

                configs.set(config(TestConfigs.job("app").interval(Duration.ofMillis(200), Duration.ofMillis(200))
                        .metricsPath("/other").sd(List.of(targets)).build()));
                await(() -> m.activeTargets().size() == 1 && m.activeTargets().get(0).scrapeUrl().endsWith("/other"),
                        "the reloaded pool");
                int before = storage.samples(up).size();
                await(() -> storage.samples(up).size() >= before + 2, "scrapes of the reloaded pool");

                // Only the discovery changes: a second target appears.
                SdConfig more = new SdConfig("static", Map.of("targets", List.of(server.address()), "labels", Map.of("dc", "y")));
                configs.set(config(TestConfigs.job("app").interval(Duration.ofMillis(200), Duration.ofMillis(200))
                        .metricsPath("/other").sd(List.of(targets, more)).build()));
                await(() -> m.activeTargets().size() == 2, "the second discovered target");
                Labels upY = Labels.of("__name__", "up", "job", "app", "instance", server.address(), "dc", "y");
                await(() -> storage.last(upY) != null, "scrapes of the new target");

                configs.set(config());
                await(() -> storage.last(up) != null && storage.last(up).stale(), "staleness markers for the removed job");
                assertTrue(m.activeTargets().isEmpty());
            } finally {
                m.deactivate();
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith("epimetheus-scrape"))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("epimetheus-scrape")), "no scrape thread left");
        }
    }
    @Test
    void failedScrapesAreLoggedToTheFailureLogWhichAReloadReopens() throws Exception {
        try (TestServer failing = new TestServer(); TestServer healthy = new TestServer()) {
            failing.status(404).body("gone");
            healthy.body("ok 1\n");
            Path log = dir.resolve("scrape-failures.log");
            SdConfig bad = new SdConfig("static", Map.of("targets", List.of(failing.address())));
            SdConfig good = new SdConfig("static", Map.of("targets", List.of(healthy.address())));
            PrometheusConfig withLog = config(
                    TestConfigs.job("bad").interval(Duration.ofMillis(200), Duration.ofMillis(200)).sd(List.of(bad))
                            .failureLog(log.toString()).build(),
                    TestConfigs.job("good").interval(Duration.ofMillis(200), Duration.ofMillis(200)).sd(List.of(good))
                            .failureLog(log.toString()).build());
            FixedConfigService configs = new FixedConfigService();
            ScrapeManager m = new ScrapeManager();
            m.bindStorage(new MemoryStorage());
            m.bindDiscovererFactory(new StaticDiscovererFactory(), Map.of(DiscovererFactory.TYPE_PROPERTY, "static"));
            m.bindConfigService(configs);
            m.activate();
            try {
                configs.set(withLog);
                await(() -> lines(log).size() >= 2, "failures in the log");
                ObjectMapper json = new ObjectMapper();
                for (String line : lines(log)) {
                    JsonNode n = json.readTree(line);
                    assertEquals("bad", n.get("job_name").asText(), "only failed scrapes are logged");
                    assertEquals(failing.url("/metrics"), n.get("target").asText());
                    assertEquals("server returned HTTP status 404 Not Found", n.get("msg").asText());
                    assertEquals("ERROR", n.get("level").asText());
                }

                // Rotation: the file is moved away and a reload opens a new one at the configured path.
                Path rotated = dir.resolve("scrape-failures.log.1");
                Files.move(log, rotated);
                configs.set(withLog);
                await(() -> Files.exists(log) && lines(log).size() >= 1, "failures in the reopened log");

                configs.set(config(TestConfigs.job("bad").interval(Duration.ofMillis(200), Duration.ofMillis(200))
                        .sd(List.of(bad)).build()));
                Thread.sleep(300);
                int stopped = lines(log).size();
                Thread.sleep(600);
                assertEquals(stopped, lines(log).size(), "nothing is logged once the setting is removed");

                Path unwritable = dir.resolve("no-such-dir").resolve("f.log");
                ConfigException e = assertThrows(ConfigException.class, () -> configs.set(config(TestConfigs.job("bad")
                        .sd(List.of(bad)).failureLog(unwritable.toString()).build())));
                assertEquals("can't create json log file: open " + unwritable + ": no such file or directory",
                        e.getMessage());
            } finally {
                m.deactivate();
            }
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
