package io.epimetheus.scrape.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.epimetheus.api.config.Authorization;
import io.epimetheus.api.config.BasicAuth;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.HttpHeader;
import io.epimetheus.api.config.OAuth2;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.scrape.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TargetConnectionTest {

    private static final long SECOND = 1_000_000_000L;

    private static String fetch(TargetConnection c, String url, long limit) throws ScrapeException {
        c.fetch(url, "*/*", true, "10", 5 * SECOND, limit);
        return new String(c.body().array(), 0, c.body().length(), StandardCharsets.UTF_8);
    }

    @Test
    void plainGzipChunkedAndKeepAlive() throws Exception {
        try (TestServer server = new TestServer(); TargetConnection c = new TargetConnection(new HttpClient(HttpClientConfig.DEFAULT))) {
            server.body("a 1\n");
            assertEquals("a 1\n", fetch(c, server.url("/metrics"), 0));
            server.gzip(true).body("b 2\n");
            assertEquals("b 2\n", fetch(c, server.url("/metrics"), 0));
            server.gzip(false).chunked(true).body("c 3\n");
            assertEquals("c 3\n", fetch(c, server.url("/metrics"), 0));
            assertEquals("text/plain; version=0.0.4; charset=utf-8", c.contentType());
        }
    }

    @Test
    void errorsUsePrometheusWording() throws Exception {
        try (TestServer server = new TestServer(); TargetConnection c = new TargetConnection(new HttpClient(HttpClientConfig.DEFAULT))) {
            server.status(404).body("nope");
            ScrapeException e = assertThrows(ScrapeException.class, () -> fetch(c, server.url("/metrics"), 0));
            assertEquals("server returned HTTP status 404 Not Found", e.getMessage());
            server.status(200).body("0123456789");
            e = assertThrows(ScrapeException.class, () -> fetch(c, server.url("/metrics"), 10));
            assertEquals("body size limit exceeded", e.getMessage());
            assertTrue(e.isBodySizeLimit());
            server.delay(3000);
            long start = System.nanoTime();
            e = assertThrows(ScrapeException.class, () -> {
                c.fetch(server.url("/slow"), "*/*", true, "0.2", 200_000_000L, 0);
            });
            assertEquals("Get \"" + server.url("/slow") + "\": context deadline exceeded", e.getMessage());
            assertTrue(System.nanoTime() - start < 2 * SECOND, "the timeout ends the request");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (TargetConnection c = new TargetConnection(new HttpClient(HttpClientConfig.DEFAULT))) {
            ScrapeException e = assertThrows(ScrapeException.class, () -> fetch(c, "http://127.0.0.1:" + port + "/metrics", 0));
            assertEquals("Get \"http://127.0.0.1:" + port + "/metrics\": dial tcp 127.0.0.1:" + port
                    + ": connect: connection refused", e.getMessage());
        }
    }

    @Test
    void authenticationAndHeaders() throws Exception {
        HttpClientConfig basic = new HttpClientConfig(new BasicAuth("user", "", new Secret("pass"), ""), null, null,
                TlsConfig.DEFAULT, true, true, ProxyConfig.NONE,
                Map.of("X-Extra", new HttpHeader(List.of("v1"), List.of(new Secret("s1")), List.of())));
        try (TestServer server = new TestServer(); TargetConnection c = new TargetConnection(new HttpClient(basic))) {
            fetch(c, server.url("/metrics"), 0);
            assertEquals("Basic dXNlcjpwYXNz", server.requests().get(0).getFirst("Authorization"));
            assertEquals(List.of("v1", "s1"), server.requests().get(0).get("X-extra"));
        }
        HttpClientConfig bearer = new HttpClientConfig(null, new Authorization("Bearer", new Secret("tok"), ""), null,
                TlsConfig.DEFAULT, true, true, ProxyConfig.NONE, Map.of());
        try (TestServer server = new TestServer(); TargetConnection c = new TargetConnection(new HttpClient(bearer))) {
            fetch(c, server.url("/metrics"), 0);
            assertEquals("Bearer tok", server.requests().get(0).getFirst("Authorization"));
        }
    }

    @Test
    void followsRedirectsUnlessDisabled() throws Exception {
        try (TestServer target = new TestServer(); ServerSocket redirector = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            target.body("moved 1\n");
            Thread t = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = redirector.accept()) {
                        readRequest(s.getInputStream());
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.1 302 Found\r\nLocation: " + target.url("/metrics")
                                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.start();
            String from = "http://127.0.0.1:" + redirector.getLocalPort() + "/old";
            try (TargetConnection c = new TargetConnection(new HttpClient(HttpClientConfig.DEFAULT))) {
                assertEquals("moved 1\n", fetch(c, from, 0));
            }
            HttpClientConfig noFollow = new HttpClientConfig(null, null, null, TlsConfig.DEFAULT, false, true,
                    ProxyConfig.NONE, Map.of());
            try (TargetConnection c = new TargetConnection(new HttpClient(noFollow))) {
                ScrapeException e = assertThrows(ScrapeException.class, () -> fetch(c, from, 0));
                assertEquals("server returned HTTP status 302 Found", e.getMessage());
            }
            t.join(5000);
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    @Test
    void oauth2ClientCredentials() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        List<String> tokenRequests = new CopyOnWriteArrayList<>();
        List<String> scrapeAuth = new CopyOnWriteArrayList<>();
        server.createContext("/token", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            tokenRequests.add(ex.getRequestHeaders().getFirst("Authorization") + " " + form);
            byte[] out = "{\"access_token\":\"abc\",\"token_type\":\"bearer\",\"expires_in\":3600}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.createContext("/metrics", ex -> {
            scrapeAuth.add(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] out = "a 1\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        HttpClientConfig oauth = new HttpClientConfig(null, null, new OAuth2("client", new Secret("s3cret"), "",
                List.of("read", "write"), base + "/token", Map.of("audience", "x"), "", "", new Secret(""), "", "", "", "",
                Map.of(), TlsConfig.DEFAULT, ProxyConfig.NONE), TlsConfig.DEFAULT, true, true, ProxyConfig.NONE, Map.of());
        try (TargetConnection c = new TargetConnection(new HttpClient(oauth))) {
            fetch(c, base + "/metrics", 0);
            fetch(c, base + "/metrics", 0);
            assertEquals(List.of("Bearer abc", "Bearer abc"), scrapeAuth);
            assertEquals(1, tokenRequests.size(), "the token is reused until it expires");
            assertEquals("Basic Y2xpZW50OnMzY3JldA== audience=x&grant_type=client_credentials&scope=read+write",
                    tokenRequests.get(0));
        } finally {
            server.stop(0);
        }
    }
}
