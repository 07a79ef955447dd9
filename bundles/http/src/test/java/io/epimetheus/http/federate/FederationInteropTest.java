package io.epimetheus.http.federate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.http.TestJetty;
import io.epimetheus.http.api.DebianPrometheus;
import io.epimetheus.http.api.FakeStorages;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus federating from our {@code /federate} with {@code honor_labels: true}: a
 * series without {@code instance} is stored without one (our {@code instance=""} keeps Prometheus
 * from adding the target's), a series with one keeps it, and external labels are attached.
 */
class FederationInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void federatingPrometheusKeepsSeriesWithoutInstanceAsTheyAre() throws Exception {
        DebianPrometheus.binary("prometheus");
        Storage storage = FakeStorages.create();
        Appender a = storage.appender();
        long now = System.currentTimeMillis();
        a.append(0, Labels.of("__name__", "job:requests:rate5m", "job", "api"), now - 1_000, 3);
        a.append(0, Labels.of("__name__", "requests", "job", "api", "instance", "a:1"), now - 1_000, 7);
        a.commit();
        Labels external = Labels.of("cluster", "eu1");
        try (TestJetty ours = new TestJetty().servlet("/federate", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                Federation.serve(req, resp, storage, external, 3_600_000, System.currentTimeMillis());
            }
        }).start()) {
            String target = ours.base().substring("http://".length());
            int port = DebianPrometheus.freePort();
            try (DebianPrometheus prom = DebianPrometheus.start(Files.createDirectories(dir.resolve("data")), dir, port, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: federate
                        honor_labels: true
                        metrics_path: /federate
                        params: {'match[]': ['{job="api"}']}
                        static_configs: [{targets: ['%s']}]
                    """.formatted(target))) {
                JsonNode rule = await(port, "job:requests:rate5m");
                assertEquals("{\"__name__\":\"job:requests:rate5m\",\"cluster\":\"eu1\",\"job\":\"api\"}",
                        rule.get("metric").toString());
                JsonNode requests = await(port, "requests");
                assertEquals("{\"__name__\":\"requests\",\"cluster\":\"eu1\",\"instance\":\"a:1\",\"job\":\"api\"}",
                        requests.get("metric").toString());
            }
        }
    }

    /** The single series Prometheus answers for {@code query} once it has scraped it. */
    private static JsonNode await(int port, String query) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode result = JSON.readTree(client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("data").path("result");
            if (result.size() > 0) {
                assertEquals(1, result.size(), result.toString());
                return result.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Prometheus did not federate " + query + " within 30s");
            }
            Thread.sleep(200);
        }
    }
}
