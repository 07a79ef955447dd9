package io.epimetheus.scrape.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/** A metrics endpoint on 127.0.0.1 and a free port, serving whatever the test sets. */
public final class TestServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Headers> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String contentType = "text/plain; version=0.0.4; charset=utf-8";
    private volatile byte[] body = new byte[0];
    private volatile boolean gzip;
    private volatile boolean chunked;
    private volatile long delayMillis;
    private volatile String contentEncoding;

    public TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders());
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] out = body;
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            if (gzip) {
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                    gz.write(out);
                }
                out = bos.toByteArray();
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            } else if (contentEncoding != null) {
                exchange.getResponseHeaders().set("Content-Encoding", contentEncoding);
            }
            exchange.sendResponseHeaders(status, chunked ? 0 : (out.length == 0 ? -1 : out.length));
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://" + address() + path;
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public TestServer body(String text) {
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public TestServer body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    public TestServer status(int status) {
        this.status = status;
        return this;
    }

    public TestServer contentType(String contentType) {
        this.contentType = contentType;
        return this;
    }

    public TestServer gzip(boolean gzip) {
        this.gzip = gzip;
        return this;
    }

    /** Sends this {@code Content-Encoding} with the body as set (not encoded by the server). */
    public TestServer contentEncoding(String encoding) {
        this.contentEncoding = encoding;
        return this;
    }

    public TestServer chunked(boolean chunked) {
        this.chunked = chunked;
        return this;
    }

    public TestServer delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** The headers of every request received so far. */
    public List<Headers> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
