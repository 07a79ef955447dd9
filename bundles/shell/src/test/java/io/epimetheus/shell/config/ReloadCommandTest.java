package io.epimetheus.shell.config;

import static io.epimetheus.shell.CommandOutput.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.shell.FixedConfigService;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReloadCommandTest {

    @Test
    void namesTheFeatureWhenNoConfigServiceIsInstalled() throws Exception {
        assertTrue(capture(new ReloadCommand()).contains("feature:install epimetheus-config"));
    }

    @Test
    void reportsTheReloadedFile() throws Exception {
        ReloadCommand c = new ReloadCommand();
        FixedConfigService svc = new FixedConfigService(
                new ReloadStatus("/etc/prometheus.yml", true, Instant.now(), Instant.now(), null));
        c.config = svc;
        assertEquals("Configuration reloaded from /etc/prometheus.yml\n", capture(c));
        assertEquals(1, svc.reloads);
    }

    @Test
    void failsWithTheLoadersErrorWhenTheFileIsBad() {
        ReloadCommand c = new ReloadCommand();
        c.config = new FixedConfigService(new ReloadStatus("/etc/prometheus.yml", false, Instant.now(), null,
                "/etc/prometheus.yml: line 3: field scrape_intervall not found in type config.ScrapeConfig"));
        IllegalStateException e = assertThrows(IllegalStateException.class, c::execute);
        assertEquals("failed to reload config: /etc/prometheus.yml: line 3: field scrape_intervall not found in type "
                + "config.ScrapeConfig", e.getMessage());
    }
}
