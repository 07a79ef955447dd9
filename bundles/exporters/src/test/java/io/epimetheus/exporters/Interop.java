package io.epimetheus.exporters;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/** Helpers for tests against the real Debian packages: skip when absent unless interop.required. */
public final class Interop {

    private Interop() {
    }

    /** The executable, or the test is skipped (or failed when {@code -Dinterop.required=true}). */
    public static Path require(String executable, String debianPackage) {
        Path p = Path.of(executable);
        if (!Files.isExecutable(p)) {
            if (Boolean.getBoolean("interop.required")) {
                throw new AssertionError(executable + " is missing: apt-get install " + debianPackage
                        + " (interop.required=true)");
            }
            Assumptions.abort(executable + " not installed (apt-get install " + debianPackage + "); skipping");
        }
        return p;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** GETs {@code url}, retrying until it answers or {@code timeout} passes. */
    public static String awaitGet(String url, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
                last = new IOException(url + " answered " + r.statusCode() + ": " + r.body());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IOException("no answer from " + url + " within " + timeout, last);
    }

    /** Stops a process this test started, by its handle, and waits for it. */
    public static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
