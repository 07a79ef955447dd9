package io.epimetheus.remote.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Starting and stopping Debian's Prometheus binaries on loopback for interop tests. */
public final class Processes implements AutoCloseable {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");

    private final List<Process> started = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Skips the test when the binaries are missing, unless {@code -Dinterop.required=true}. */
    public static void requireBinaries() {
        boolean present = Files.isExecutable(PROMETHEUS) && Files.isExecutable(NODE_EXPORTER);
        if (!present && Boolean.getBoolean("interop.required")) {
            throw new AssertionError("interop.required is set but " + PROMETHEUS + " or " + NODE_EXPORTER
                    + " is missing (apt-get install prometheus prometheus-node-exporter)");
        }
        Assumptions.assumeTrue(present, "Debian's prometheus and prometheus-node-exporter are not installed");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public Process start(Path log, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    public int nodeExporter(Path dir) throws Exception {
        int port = freePort();
        start(dir.resolve("node-exporter.log"), NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + port);
        waitUp("http://127.0.0.1:" + port + "/metrics");
        return port;
    }

    public int prometheus(Path dir, String config, String... extra) throws Exception {
        int port = freePort();
        prometheusAt(port, dir, config, extra);
        return port;
    }

    /** Starts Prometheus on {@code port} with its data in {@code dir/data-<port>} (kept across restarts). */
    public Process prometheusAt(int port, Path dir, String config, String... extra) throws Exception {
        Path cfg = dir.resolve("prometheus-" + port + ".yml");
        Files.writeString(cfg, config);
        List<String> cmd = new ArrayList<>(List.of(PROMETHEUS.toString(), "--config.file=" + cfg,
                "--storage.tsdb.path=" + dir.resolve("data-" + port), "--web.listen-address=127.0.0.1:" + port));
        cmd.addAll(List.of(extra));
        Process p = start(dir.resolve("prometheus-" + port + ".log"), cmd.toArray(new String[0]));
        waitUp("http://127.0.0.1:" + port + "/-/ready");
        return p;
    }

    void waitUp(String url) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(url + " did not come up");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits until Prometheus on {@code port} has scraped {@code job} at least once (Prometheus
     * applies discovered targets only after about 5s).
     */
    public void awaitScraped(int port, String job) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String q = java.net.URLEncoder.encode("up{job=\"" + job + "\"}", java.nio.charset.StandardCharsets.UTF_8);
        while (!get("http://127.0.0.1:" + port + "/api/v1/query?query=" + q).contains("\"value\"")) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Prometheus on " + port + " did not scrape " + job);
            }
            Thread.sleep(200);
        }
    }

    public String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    public void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        started.remove(p);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : new ArrayList<>(started)) {
            stop(p);
        }
    }
}
