package io.epimetheus.http.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code prometheus} and {@code promtool} for interop tests: found on the PATH, started on
 * a free loopback port and stopped by PID. Absent binaries skip the test, unless the system
 * property {@code interop.required} is {@code true}, in which case they fail it.
 */
public final class DebianPrometheus implements AutoCloseable {

    private final Process process;
    public final int port;

    private DebianPrometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The path of a binary, or a skipped (or, when required, failed) test. */
    public static Path binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if (Boolean.getBoolean("interop.required")) {
            throw new AssertionError(name + " is not installed but interop.required=true (apt-get install prometheus)");
        }
        assumeTrue(false, name + " is not installed; interop test skipped");
        return null;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts Prometheus over an existing data directory and waits until it is ready. */
    static DebianPrometheus start(Path dataDir, Path work) throws Exception {
        return start(dataDir, work, freePort(), "global:\n  scrape_interval: 1h\n");
    }

    /**
     * Starts Prometheus on {@code port} with the configuration {@code yaml} and waits until it is
     * ready.
     */
    public static DebianPrometheus start(Path dataDir, Path work, int port, String yaml) throws Exception {
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, yaml);
        List<String> cmd = new ArrayList<>(List.of(binary("prometheus").toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dataDir, "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:" + port));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        DebianPrometheus prom = new DebianPrometheus(p, port);
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(work.resolve("prometheus.log")));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return prom;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        prom.close();
        throw new IllegalStateException("prometheus did not become ready within 60s");
    }

    /** Runs promtool with arguments and returns its standard output (standard error appended on failure). */
    static String promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary("promtool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool " + args[0] + " did not finish");
        }
        return "exit " + p.exitValue() + "\n" + out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
