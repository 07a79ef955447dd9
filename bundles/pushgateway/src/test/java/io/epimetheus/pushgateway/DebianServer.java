package io.epimetheus.pushgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;

/**
 * A server from a Debian package ({@code prometheus-pushgateway}, {@code prometheus}) on a free
 * loopback port, stopped on close. Tests using one are skipped when the package is absent unless
 * {@code -Dinterop.required=true}.
 *
 * <p>For comparing {@code GET /metrics} of Debian's Pushgateway with ours: {@link #pushedMetrics}
 * drops the families the Pushgateway exposes about itself and gives push times as set or unset.
 */
final class DebianServer implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static final Path PUSHGATEWAY = Path.of("/usr/bin/prometheus-pushgateway");

    /**
     * The prefixes of the families prometheus-pushgateway 1.5.1 exposes about itself (Go runtime,
     * process, its build and HTTP handlers), which depend on its build and uptime.
     */
    static final List<String> PUSHGATEWAY_OWN_FAMILIES = List.of("go_", "process_", "pushgateway_", "promhttp_");

    final String url;
    private final Process process;

    private DebianServer(String url, Process process) {
        this.url = url;
        this.process = process;
    }

    /**
     * Starts {@code binary} with {@code arguments(port)} and waits until {@code readyPath} answers.
     * A port free when chosen may be taken before the server binds it (other test runs share the
     * machine): only a process that stays up counts, else another port is tried.
     */
    static DebianServer start(Path binary, String debianPackage, String readyPath, IntFunction<List<String>> arguments)
            throws Exception {
        requireExecutable(binary, debianPackage);
        for (int attempt = 0; attempt < 3; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            command.addAll(arguments.apply(port));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String url = "http://127.0.0.1:" + port;
            if (awaitUp(p, url + readyPath)) {
                return new DebianServer(url, p);
            }
            stop(p);
        }
        throw new AssertionError(binary + " did not start");
    }

    /** Debian's Pushgateway with its own persistence file in {@code dir} (the package's default is shared). */
    static DebianServer pushgateway(Path dir) throws Exception {
        return start(PUSHGATEWAY, "prometheus-pushgateway", "/-/ready",
                port -> List.of("--web.listen-address=127.0.0.1:" + port,
                        "--persistence.file=" + dir.resolve("pushgateway-" + port + ".data")));
    }

    /**
     * A Pushgateway's {@code /metrics} body without the families named in {@link
     * #PUSHGATEWAY_OWN_FAMILIES} (their HELP, TYPE and sample lines), and with the values of
     * {@code push_time_seconds} and {@code push_failure_time_seconds} written as {@code <set>}
     * unless they are 0 (the two gateways did not push at the same instant). Everything else is
     * kept byte for byte.
     */
    static String pushedMetrics(String exposition) {
        StringBuilder out = new StringBuilder(exposition.length());
        for (String line : exposition.split("\n", -1)) {
            String name = line.startsWith("# HELP ") || line.startsWith("# TYPE ") ? line.substring(7) : line;
            if (PUSHGATEWAY_OWN_FAMILIES.stream().anyMatch(name::startsWith)) {
                continue;
            }
            if ((line.startsWith("push_time_seconds{") || line.startsWith("push_failure_time_seconds{"))
                    && !line.endsWith(" 0")) {
                line = line.substring(0, line.lastIndexOf(' ') + 1) + "<set>";
            }
            out.append(line).append('\n');
        }
        // split keeps the text after the last newline as a last element: do not add one there.
        out.setLength(out.length() - 1);
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    /** Whether {@code p} answers on {@code url} within 30 s and is still running then. */
    private static boolean awaitUp(Process p, String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            try {
                get(url);
                Thread.sleep(200);
                return p.isAlive();
            } catch (IOException | AssertionError e) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    /** The body of a {@code GET} that must answer 200. */
    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The status answered to a request with a text body. */
    static int send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The answer to a request with a binary body sent as {@code contentType}. */
    static HttpResponse<String> send(String method, String url, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void requireExecutable(Path p, String debianPackage) {
        if (!Files.isExecutable(p)) {
            skipOrFail(p + " is missing: apt-get install " + debianPackage);
        }
    }

    static void skipOrFail(String why) {
        if (Boolean.getBoolean("interop.required")) {
            throw new AssertionError(why + " (interop.required=true)");
        }
        Assumptions.abort(why);
    }
}
