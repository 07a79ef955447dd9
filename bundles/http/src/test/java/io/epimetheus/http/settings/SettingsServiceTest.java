package io.epimetheus.http.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.http.TestJetty;
import io.epimetheus.http.TestSettings;
import io.epimetheus.http.api.ApiServlet;
import io.epimetheus.http.federate.FederateServlet;
import io.epimetheus.http.lifecycle.LifecycleServlet;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings of {@code io.epimetheus.http} reach the servlets through {@link SettingsService}: a
 * modification applies to the running servlet instances (no component is re-created, so no
 * whiteboard registration changes), and an invalid modification keeps the settings in effect.
 */
class SettingsServiceTest {

    private static HttpSettings values(boolean lifecycle, boolean admin, String cors, String lookback) {
        return new TestSettings().lifecycle(lifecycle).admin(admin).corsOrigin(cors).lookbackDelta(lookback);
    }

    @Test
    void modificationsReachTheRunningServlets() throws Exception {
        SettingsService settings = new SettingsService(values(false, false, ".*", "5m"));
        ApiServlet api = new ApiServlet(settings);
        LifecycleServlet lifecycle = new LifecycleServlet(null, settings);
        try (TestJetty jetty = new TestJetty().servlet("/api/v1/*", api).servlet("/-/reload", lifecycle)
                .servlet("/federate", new FederateServlet(settings)).start()) {
            assertTrue(jetty.get("/api/v1/status/flags").body().contains("\"web.enable-admin-api\":\"false\""));
            assertEquals(403, jetty.send("POST", "/-/reload", Map.of()).statusCode());
            HttpResponse<String> snapshot = jetty.send("POST", "/api/v1/admin/tsdb/snapshot", Map.of());
            assertTrue(snapshot.body().contains("admin APIs disabled"), snapshot.body());

            settings.modified(values(true, true, "https://grafana\\.example", "1m"));
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
        SettingsService settings = new SettingsService(values(false, true, ".*", "5m"));
        Settings before = settings.current();
        settings.modified(values(true, false, "(unclosed", "5m"));
        assertSame(before, settings.current());
        settings.modified(values(true, false, ".*", "five minutes"));
        assertSame(before, settings.current());
        settings.modified(values(true, false, ".*", ""));
        assertEquals(300_000, settings.current().lookbackDeltaMillis());
        assertNull(settings.current().corsOrigin());
    }

    @Test
    void anInvalidValueAtActivationNamesTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SettingsService(values(false, false, "(unclosed", "5m")));
        assertTrue(e.getMessage().startsWith("io.epimetheus.http cors.origin: could not compile CORS regex string "
                + "\"(unclosed\": "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SettingsService(values(false, false, ".*", "5x")));
        assertTrue(e.getMessage().startsWith("io.epimetheus.http query.lookback.delta: "), e.getMessage());
    }
}
