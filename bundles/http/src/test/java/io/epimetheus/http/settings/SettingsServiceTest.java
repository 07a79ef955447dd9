package io.epimetheus.http.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.http.TestJetty;
import io.epimetheus.http.api.ApiServlet;
import io.epimetheus.http.federate.FederateServlet;
import io.epimetheus.http.lifecycle.LifecycleServlet;
import java.lang.annotation.Annotation;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings of {@code io.epimetheus.http} reach the servlets through {@link SettingsService}: a
 * modification applies to the running servlet instances (no component is re-created, so no
 * whiteboard registration changes), and an invalid modification keeps the settings in effect.
 */
class SettingsServiceTest {

    private record Values(boolean lifecycle, boolean admin, String cors, String lookback) implements HttpSettings {
        @Override
        public Class<? extends Annotation> annotationType() {
            return HttpSettings.class;
        }

        @Override
        public boolean enable_lifecycle() {
            return lifecycle;
        }

        @Override
        public boolean enable_admin_api() {
            return admin;
        }

        @Override
        public boolean enable_remote_write_receiver() {
            return false;
        }

        @Override
        public String web_config_file() {
            return "";
        }

        @Override
        public String cors_origin() {
            return cors;
        }

        @Override
        public int query_max_points_per_series() {
            return 11000;
        }

        @Override
        public String query_lookback_delta() {
            return lookback;
        }
    }

    @Test
    void modificationsReachTheRunningServlets() throws Exception {
        SettingsService settings = new SettingsService(new Values(false, false, ".*", "5m"));
        ApiServlet api = new ApiServlet(settings);
        LifecycleServlet lifecycle = new LifecycleServlet(null, settings);
        try (TestJetty jetty = new TestJetty().servlet("/api/v1/*", api).servlet("/-/reload", lifecycle)
                .servlet("/federate", new FederateServlet(settings)).start()) {
            assertTrue(jetty.get("/api/v1/status/flags").body().contains("\"web.enable-admin-api\":\"false\""));
            assertEquals(403, jetty.send("POST", "/-/reload", Map.of()).statusCode());
            HttpResponse<String> snapshot = jetty.send("POST", "/api/v1/admin/tsdb/snapshot", Map.of());
            assertTrue(snapshot.body().contains("admin APIs disabled"), snapshot.body());

            settings.modified(new Values(true, true, "https://grafana\\.example", "1m"));
            assertTrue(jetty.get("/api/v1/status/flags").body().contains("\"web.enable-admin-api\":\"true\""));
            // Enabled now: the answer is about the missing ConfigService, not the disabled API.
            assertEquals(503, jetty.send("POST", "/-/reload", Map.of()).statusCode());
            snapshot = jetty.send("POST", "/api/v1/admin/tsdb/snapshot", Map.of());
            assertTrue(snapshot.body().contains("StorageAdmin"), snapshot.body());
            HttpResponse<String> cors = jetty.send("GET", "/api/v1/status/flags", Map.of("Origin", "https://evil.example"));
            assertTrue(cors.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            assertEquals(60_000, settings.current().lookbackDeltaMillis());
        } finally {
            api.deactivate();
        }
    }

    @Test
    void anInvalidModificationKeepsTheSettingsInEffect() {
        SettingsService settings = new SettingsService(new Values(false, true, ".*", "5m"));
        Settings before = settings.current();
        settings.modified(new Values(true, false, "(unclosed", "5m"));
        assertSame(before, settings.current());
        settings.modified(new Values(true, false, ".*", "five minutes"));
        assertSame(before, settings.current());
        settings.modified(new Values(true, false, ".*", ""));
        assertEquals(300_000, settings.current().lookbackDeltaMillis());
        assertNull(settings.current().corsOrigin());
    }

    @Test
    void anInvalidValueAtActivationNamesTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SettingsService(new Values(false, false, "(unclosed", "5m")));
        assertTrue(e.getMessage().startsWith("io.epimetheus.http cors.origin: could not compile CORS regex string "
                + "\"(unclosed\": "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SettingsService(new Values(false, false, ".*", "5x")));
        assertTrue(e.getMessage().startsWith("io.epimetheus.http query.lookback.delta: "), e.getMessage());
    }
}
