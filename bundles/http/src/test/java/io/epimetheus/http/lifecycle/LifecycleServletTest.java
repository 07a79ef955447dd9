package io.epimetheus.http.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.http.TestJetty;
import io.epimetheus.http.TestSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import io.epimetheus.http.settings.HttpSettings;
import io.epimetheus.http.settings.SettingsService;
import org.junit.jupiter.api.Test;

class LifecycleServletTest {

    private static HttpSettings settings(boolean lifecycle) {
        return new TestSettings().lifecycle(lifecycle);
    }

    /** A configuration service whose reloads succeed or fail as told. */
    static final class Reloads implements ConfigService {
        volatile String error;
        final AtomicInteger count = new AtomicInteger();

        @Override
        public PrometheusConfig current() {
            return PrometheusConfig.EMPTY;
        }

        @Override
        public ReloadStatus reload() {
            count.incrementAndGet();
            return lastReload();
        }

        @Override
        public ReloadStatus lastReload() {
            return new ReloadStatus("/etc/prometheus.yml", error == null, Instant.now(), null, error);
        }

        @Override
        public PrometheusConfig check(Path file) {
            return PrometheusConfig.EMPTY;
        }

        @Override
        public void addListener(ConfigListener listener) {
        }

        @Override
        public void removeListener(ConfigListener listener) {
        }
    }

    @Test
    void reloadOnlyWhenEnabledAndOnlyByPostOrPut() throws Exception {
        Reloads reloads = new Reloads();
        SettingsService settings = new SettingsService(settings(false));
        LifecycleServlet servlet = new LifecycleServlet(null, settings);
        java.lang.reflect.Field f = LifecycleServlet.class.getDeclaredField("configService");
        f.setAccessible(true);
        f.set(servlet, reloads);
        try (TestJetty jetty = new TestJetty().servlet("/-/reload", servlet).servlet("/-/quit", servlet).start()) {
            var r = jetty.send("POST", "/-/reload", Map.of());
            assertEquals(403, r.statusCode());
            assertEquals("Lifecycle API is not enabled.", r.body());
            assertEquals(403, jetty.send("POST", "/-/quit", Map.of()).statusCode());
            r = jetty.get("/-/reload");
            assertEquals(405, r.statusCode());
            assertEquals("Only POST or PUT requests allowed", r.body());
            assertEquals(0, reloads.count.get());

            settings.modified(settings(true));
            assertEquals(200, jetty.send("POST", "/-/reload", Map.of()).statusCode());
            assertEquals(200, jetty.send("PUT", "/-/reload", Map.of()).statusCode());
            assertEquals(2, reloads.count.get());
            reloads.error = "parsing YAML file prometheus.yml: yaml: line 2: did not find expected key";
            r = jetty.send("POST", "/-/reload", Map.of());
            assertEquals(500, r.statusCode());
            assertEquals("failed to reload config: parsing YAML file prometheus.yml: yaml: line 2: did not find expected key\n",
                    r.body());
            f.set(servlet, null);
            assertEquals(503, jetty.send("POST", "/-/reload", Map.of()).statusCode());
        }
    }
}
