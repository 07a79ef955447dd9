package io.epimetheus.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusConfigTest {

    @Test
    void configIsShownWithSecretsHidden(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: node\n"
                + "    basic_auth:\n      username: u\n      password: hunter2\n"
                + "    static_configs:\n      - targets: ['localhost:9100']\n");
        PrometheusConfig cfg = new PrometheusConfig(file.toString(), GlobalConfig.DEFAULT, List.of(), List.of(), List.of(),
                AlertingConfig.NONE, List.of(), List.of(), StorageConfig.DEFAULT, null, OtlpConfig.DEFAULT, RuntimeConfig.DEFAULT);
        Instant loaded = Instant.parse("2024-05-06T07:08:09Z");
        try (ApiTestServer api = new ApiTestServer()) {
            api.config = new ConfigService() {
                @Override
                public PrometheusConfig current() {
                    return cfg;
                }

                @Override
                public ReloadStatus reload() {
                    return lastReload();
                }

                @Override
                public ReloadStatus lastReload() {
                    return new ReloadStatus(file.toString(), true, loaded, loaded, null);
                }

                @Override
                public PrometheusConfig check(Path f) {
                    return cfg;
                }

                @Override
                public void addListener(ConfigListener l) {
                }

                @Override
                public void removeListener(ConfigListener l) {
                }
            };
            String yaml = api.get("/api/v1/status/config").json().at("/data/yaml").asText();
            assertTrue(yaml.contains("job_name: node"), yaml);
            assertTrue(yaml.contains("password: <secret>"), yaml);
            assertTrue(yaml.contains("username: u"), yaml);
            assertFalse(yaml.contains("hunter2"), yaml);
            ApiTestServer.Reply info = api.get("/api/v1/status/runtimeinfo");
            assertTrue(info.json().at("/data/reloadConfigSuccess").asBoolean());
            assertEquals("2024-05-06T07:08:09Z", info.json().at("/data/lastConfigTime").asText());
        }
    }
}
