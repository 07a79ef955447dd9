package io.epimetheus.remote.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.remote.receive.ReadHandler;
import io.epimetheus.remote.receive.WriteReceiver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The receiver and read server on a loopback JDK HTTP server over a {@link MemStorage}, for
 * protocol tests against real senders and readers (our sender, Debian's Prometheus). {@link #down}
 * answers 503 to simulate an outage; {@link #requireAuthorization} checks the sender's credentials.
 */
public final class ReceiverHarness implements AutoCloseable {

    public final MemStorage storage = new MemStorage();
    public volatile boolean down;
    /** When set, writes without exactly this {@code Authorization} header are refused with 401. */
    public volatile String requireAuthorization;
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger rejectedWhileDown = new AtomicInteger();
    private final HttpServer server;

    public ReceiverHarness(Labels externalLabels) throws IOException {
        this(externalLabels, null);
    }

    /** A harness over {@code backend}, or over {@link #storage} when it is {@code null}. */
    public ReceiverHarness(Labels externalLabels, Storage backend) throws IOException {
        Storage target = backend == null ? storage : backend;
        WriteReceiver receiver = new WriteReceiver(32 << 20, 256 << 20);
        ReadHandler reader = new ReadHandler(4, 50_000_000, 1 << 20, 10_000);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/write", ex -> {
            requests.incrementAndGet();
            try (ex) {
                String need = requireAuthorization;
                if (need != null && !need.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.getRequestBody().readAllBytes();
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                if (down) {
                    rejectedWhileDown.incrementAndGet();
                    ex.getRequestBody().readAllBytes();
                    ex.sendResponseHeaders(503, -1);
                    return;
                }
                write(receiver, ex, target);
            }
        });
        server.createContext("/api/v1/read", ex -> {
            try (ex) {
                reader.handle(ex.getRequestBody(), target, externalLabels, new ReadHandler.Response() {
                    int status = 200;

                    @Override
                    public void status(int code) {
                        status = code;
                    }

                    @Override
                    public void header(String name, String value) {
                        ex.getResponseHeaders().set(name, value);
                    }

                    @Override
                    public OutputStream body() throws IOException {
                        ex.sendResponseHeaders(status, 0);
                        return ex.getResponseBody();
                    }

                    @Override
                    public void flush() throws IOException {
                        ex.getResponseBody().flush();
                    }
                });
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Hands a remote-write request to {@code receiver} for {@code target} and sends its answer. */
    public static void write(WriteReceiver receiver, HttpExchange ex, Storage target) throws IOException {
        WriteReceiver.Result r = receiver.handle(ex.getRequestHeaders().getFirst("Content-Type"),
                ex.getRequestHeaders().getFirst("Content-Encoding"), -1, ex.getRequestBody(), target);
        if (r.status() == 204) {
            ex.sendResponseHeaders(204, -1);
        } else {
            byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(r.status(), b.length);
            ex.getResponseBody().write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
