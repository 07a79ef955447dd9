package io.epimetheus.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.epimetheus.api.config.AlertingConfig;
import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.OtlpConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.RemoteReadConfig;
import io.epimetheus.api.config.RuntimeConfig;
import io.epimetheus.api.config.StorageConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.promql.engine.EngineSettings;
import io.epimetheus.promql.engine.PromqlEngine;
import io.epimetheus.remote.query.MergedQueryableComponent;
import java.lang.reflect.Field;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code remote_read} through our query API: Debian's Prometheus scrapes itself, and our {@code
 * /api/v1/query}, over an empty local storage merged with Prometheus's {@code /api/v1/read} by the
 * remote bundle's merged queryable, answers with series only that Prometheus has. A second,
 * unreachable endpoint becomes a warning, not an error; and with {@code read_recent: false} local
 * data older than the query keeps the remote endpoints out, as in Prometheus.
 */
class RemoteReadInteropTest {

    @TempDir
    Path dir;

    @Test
    void queriesSeeDataOnlyTheRemotePrometheusHas() throws Exception {
        DebianPrometheus.binary("prometheus");
        int port = DebianPrometheus.freePort();
        int deadPort = DebianPrometheus.freePort();
        Path data = Files.createDirectories(dir.resolve("data"));
        try (DebianPrometheus prom = DebianPrometheus.start(data, dir, port, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: only_remote
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(port));
                ApiTestServer api = new ApiTestServer()) {
            awaitScraped(api, port);
            FakeStorage local = new FakeStorage();
            MergedQueryableComponent merged = merged(local, List.of(
                    remoteRead("http://127.0.0.1:" + port + "/api/v1/read", false),
                    remoteRead("http://127.0.0.1:" + deadPort + "/api/v1/read", false)));
            api.storage = local;
            api.engine = new PromqlEngine(EngineSettings.DEFAULTS);

            String query = "/api/v1/query?query=" + URLEncoder.encode("up{job=\"only_remote\"}", StandardCharsets.UTF_8);
            JsonNode alone = api.get(query).json();
            assertEquals(0, alone.get("data").get("result").size(), "without the merged queryable: " + alone);

            api.merged = merged;
            JsonNode r = api.get(query).json();
            assertEquals("success", r.get("status").asText(), r.toString());
            JsonNode result = r.get("data").get("result");
            assertEquals(1, result.size(), r.toString());
            assertEquals("127.0.0.1:" + port, result.get(0).get("metric").get("instance").asText());
            assertEquals("1", result.get(0).get("value").get(1).asText());
            assertEquals(1, r.get("warnings").size(), r.toString());
            assertTrue(r.get("warnings").get(0).asText().contains("127.0.0.1:" + deadPort), r.toString());

            JsonNode series = api.get("/api/v1/series?match[]=" + URLEncoder.encode("up{job=\"only_remote\"}",
                    StandardCharsets.UTF_8) + "&start=" + (System.currentTimeMillis() / 1000 - 600)).json();
            assertEquals(1, series.get("data").size(), series.toString());

            // read_recent: false asks the endpoints only for times before local storage's oldest sample.
            local.add(Labels.of("__name__", "local_only"), new long[] {1000}, new double[] {1});
            JsonNode recent = api.get(query).json();
            assertEquals(0, recent.get("data").get("result").size(), recent.toString());
            merged.configChanged(config(List.of(remoteRead("http://127.0.0.1:" + port + "/api/v1/read", true))));
            recent = api.get(query).json();
            assertEquals(1, recent.get("data").get("result").size(), recent.toString());
        }
    }

    private static void awaitScraped(ApiTestServer api, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String url = "http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode("up{job=\"only_remote\"}", StandardCharsets.UTF_8);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        while (!client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body().contains("\"value\"")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus did not scrape itself within 30s");
            }
            Thread.sleep(200);
        }
    }

    /** The remote bundle's component as SCR would wire it: the storage injected, then a configuration. */
    private static MergedQueryableComponent merged(Storage local, List<RemoteReadConfig> remotes) throws Exception {
        MergedQueryableComponent c = new MergedQueryableComponent();
        Field storage = MergedQueryableComponent.class.getDeclaredField("storage");
        storage.setAccessible(true);
        storage.set(c, local);
        c.configChanged(config(remotes));
        return c;
    }

    private static RemoteReadConfig remoteRead(String url, boolean readRecent) {
        return new RemoteReadConfig(url, Duration.ofSeconds(10), 50L << 20, Map.of(), readRecent, "",
                HttpClientConfig.DEFAULT, Map.of(), true);
    }

    private static PrometheusConfig config(List<RemoteReadConfig> remotes) {
        return new PrometheusConfig("", GlobalConfig.DEFAULT, List.of(), List.of(), List.of(), AlertingConfig.NONE,
                List.of(), remotes, StorageConfig.DEFAULT, null, OtlpConfig.DEFAULT, RuntimeConfig.DEFAULT);
    }
}
