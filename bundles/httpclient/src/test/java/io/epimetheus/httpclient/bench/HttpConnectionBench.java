package io.epimetheus.httpclient.bench;

import io.epimetheus.api.config.BasicAuth;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.httpclient.HttpConnection;
import io.epimetheus.httpclient.HttpException;
import io.epimetheus.httpclient.RequestHeaders;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scrape-like exchange on a kept-alive connection: a GET with Prometheus's headers and basic
 * authentication, a response of {@code kib} KiB of exposition text (gzipped or not) read into the
 * connection's reused buffers. The server is a loopback thread answering the same bytes. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is what one exchange allocates, which should not
 * grow with the body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class HttpConnectionBench {

    @Param({"16", "256"})
    int kib;

    @Param({"false", "true"})
    boolean gzip;

    private ServerSocket server;
    private Thread serverThread;
    private HttpConnection connection;
    private String url;
    private RequestHeaders headers;

    @Setup
    public void setup() throws IOException {
        StringBuilder text = new StringBuilder(kib * 1024 + 64);
        for (int i = 0; text.length() < kib * 1024; i++) {
            text.append("node_metric_total{cpu=\"").append(i % 64).append("\",mode=\"user\"} ").append(i * 1.5).append('\n');
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        if (gzip) {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
                g.write(body);
            }
            body = gz.toByteArray();
        }
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + (gzip ? "Content-Encoding: gzip\r\n" : "") + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        response.writeBytes(body);
        byte[] answer = response.toByteArray();
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        serverThread = new Thread(() -> serve(answer), "bench-server");
        serverThread.setDaemon(true);
        serverThread.start();
        HttpClientConfig config = new HttpClientConfig(new BasicAuth("user", "", new Secret("password"), ""), null,
                null, TlsConfig.DEFAULT, true, true, ProxyConfig.NONE, Map.of());
        connection = new HttpClient(config).newConnection();
        url = "http://127.0.0.1:" + server.getLocalPort() + "/metrics";
        headers = RequestHeaders.of("User-Agent", HttpClient.USER_AGENT, "Accept", "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
                "Accept-Encoding", gzip ? "gzip" : "identity", "X-Prometheus-Scrape-Timeout-Seconds", "10");
    }

    private void serve(byte[] answer) {
        try (Socket s = server.accept()) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            int state = 0;
            int b;
            while ((b = in.read()) >= 0) {
                // The end of a request head: CR LF CR LF.
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
                if (state == 4) {
                    out.write(answer);
                    out.flush();
                    state = 0;
                }
            }
        } catch (IOException e) {
            // The benchmark ended.
        }
    }

    @Benchmark
    public int exchange() throws HttpException {
        connection.send("GET", url, headers, null, 0, 0, 10_000_000_000L);
        return connection.readBody(0).length();
    }

    @TearDown
    public void close() throws IOException, InterruptedException {
        connection.close();
        server.close();
        serverThread.join(5000);
    }
}
