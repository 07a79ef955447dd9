package io.epimetheus.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.AlertingConfig;
import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.OtlpConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.api.config.RuntimeConfig;
import io.epimetheus.api.config.StorageConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/status/config} answers the configuration as the configuration service prints it
 * (Prometheus's form, see the config bundle's ConfigPrinter), and 503 naming the feature when the
 * bound service cannot print.
 */
class StatusConfigTest {

    private static final PrometheusConfig CFG = new PrometheusConfig("/etc/prometheus.yml", GlobalConfig.DEFAULT,
            List.of(), List.of(), List.of(), AlertingConfig.NONE, List.of(), List.of(), StorageConfig.DEFAULT, null,
            OtlpConfig.DEFAULT, RuntimeConfig.DEFAULT);

    /** A configuration service; {@code printed} is what it prints, or {@code null} to use the interface default. */
    private static ConfigService service(String printed, Instant loaded) {
        return new ConfigService() {
            @Override
            public PrometheusConfig current() {
                return CFG;
            }

            @Override
            public ReloadStatus reload() {
                return lastReload();
            }

            @Override
            public ReloadStatus lastReload() {
                return new ReloadStatus(CFG.file(), true, loaded, loaded, null);
            }

            @Override
            public PrometheusConfig check(Path f) {
                return CFG;
            }

            @Override
            public void addListener(ConfigListener l) {
            }

            @Override
            public void removeListener(ConfigListener l) {
            }

            @Override
            public String toYaml(PrometheusConfig config) {
                return config == CFG && printed != null ? printed : ConfigService.super.toYaml(config);
            }
        };
    }

    @Test
    void configIsWhatTheServicePrints() throws Exception {
        Instant loaded = Instant.parse("2024-05-06T07:08:09Z");
        String printed = "global:\n  scrape_interval: 1m\n  scrape_timeout: 10s\n  evaluation_interval: 1m\n"
                + "scrape_configs:\n- job_name: node\n  basic_auth:\n    username: u\n    password: <secret>\n";
        try (ApiTestServer api = new ApiTestServer()) {
            api.config = service(printed, loaded);
            ApiTestServer.Reply r = api.get("/api/v1/status/config");
            assertEquals(200, r.status());
            assertEquals("{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: 1m\\n  "
                    + "scrape_timeout: 10s\\n  evaluation_interval: 1m\\nscrape_configs:\\n- job_name: node\\n  "
                    + "basic_auth:\\n    username: u\\n    password: \\u003csecret\\u003e\\n\"}}", r.body());
            ApiTestServer.Reply info = api.get("/api/v1/status/runtimeinfo");
            assertTrue(info.json().at("/data/reloadConfigSuccess").asBoolean());
            assertEquals("2024-05-06T07:08:09Z", info.json().at("/data/lastConfigTime").asText());
        }
    }

    @Test
    void aServiceThatCannotPrintIsUnavailable() throws Exception {
        try (ApiTestServer api = new ApiTestServer()) {
            api.config = service(null, Instant.now());
            ApiTestServer.Reply r = api.get("/api/v1/status/config");
            assertEquals(503, r.status());
            assertEquals("unavailable", r.json().get("errorType").asText());
            assertTrue(r.json().get("error").asText().contains("feature:install epimetheus-config"), r.body());
        }
    }
}
