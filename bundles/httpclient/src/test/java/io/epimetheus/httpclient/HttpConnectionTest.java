package io.epimetheus.httpclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.Authorization;
import io.epimetheus.api.config.BasicAuth;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.HttpHeader;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpConnectionTest {

    private static final long SECOND = 1_000_000_000L;
    private static final RequestHeaders UA = RequestHeaders.of("User-Agent", HttpClient.USER_AGENT);

    @TempDir
    Path dir;

    private static HttpClientConfig config(BasicAuth basic, Authorization auth, Map<String, HttpHeader> headers,
            boolean followRedirects) {
        return new HttpClientConfig(basic, auth, null, TlsConfig.DEFAULT, followRedirects, true, ProxyConfig.NONE, headers);
    }

    private static String get(HttpConnection c, String url) throws HttpException {
        assertEquals(200, c.send("GET", url, UA, null, 0, 0, 5 * SECOND));
        ByteBuf b = c.readBody(0);
        return new String(b.array(), 0, b.length(), StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheConnectionAliveAndRetriesOneTheServerClosed() throws Exception {
        try (TestServer server = new TestServer(r -> TestServer.Response.ok("n" + r.connection()));
                HttpConnection c = new HttpClient(HttpClientConfig.DEFAULT).newConnection()) {
            assertEquals("n1", get(c, server.url("/a")));
            assertEquals("n1", get(c, server.url("/b")));
            assertEquals(1, server.connections());
            server.dropIdleConnections();
            // The kept connection is dead: the request goes again on a new one, without an error.
            assertEquals("n2", get(c, server.url("/c")));
            server.handler(r -> TestServer.Response.ok("bye").closing());
            assertEquals("bye", get(c, server.url("/d")));
            assertFalse(c.isOpen(), "Connection: close ends the connection");
            server.handler(r -> TestServer.Response.ok("n" + r.connection()));
            assertEquals("n3", get(c, server.url("/e")));
            assertEquals(List.of("/a", "/b", "/c", "/d", "/e"),
                    server.requests.stream().map(TestServer.Request::target).toList());
            assertEquals(HttpClient.USER_AGENT, server.requests.get(0).header("User-Agent"));
            assertEquals("127.0.0.1:" + server.port(), server.requests.get(0).header("Host"));
        }
    }

    @Test
    void postsWithContentLengthAndReadsHeadersAndStreams() throws Exception {
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        try (TestServer server = new TestServer(r -> TestServer.Response.of(202, "Accepted", "got " + r.body().length,
                "Retry-After: 7", "X-Multi: a", "X-Multi: b"));
                HttpConnection c = new HttpClient(HttpClientConfig.DEFAULT).newConnection()) {
            RequestHeaders h = UA.with("Content-Type", "application/x-protobuf");
            assertEquals(202, c.send("POST", server.url("/w"), h, "hello".getBytes(StandardCharsets.UTF_8), 0, 5,
                    5 * SECOND));
            assertEquals("Accepted", c.reason());
            assertEquals("7", c.header("retry-after"));
            assertEquals("a", c.header("X-Multi"));
            assertEquals("got 5", new String(c.bodyStream().readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(c.isOpen());
            assertEquals(202, c.send("POST", server.url("/w"), h, big, 0, big.length, 5 * SECOND));
            c.discardBody();
            assertEquals("hello", server.requests.get(0).bodyText());
            assertEquals("5", server.requests.get(0).header("Content-Length"));
            assertEquals("application/x-protobuf", server.requests.get(0).header("Content-Type"));
            assertArrayEquals(big, server.requests.get(1).body());
            assertEquals(1, server.connections());
        }
    }

    @Test
    void decodesGzipAndChunkedBodiesWithinTheLimit() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write("a 1\nb 2\n".getBytes(StandardCharsets.UTF_8));
        }
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                HttpConnection c = new HttpClient(HttpClientConfig.DEFAULT).newConnection()) {
            Thread t = new Thread(() -> {
                try (Socket s = ss.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    TestServer.readHead(in);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.size() + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(gz.toByteArray());
                    TestServer.readHead(in);
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nc 3\n\r\n2\r\nd \r\n2\r\n4\n\r\n0\r\nTrailer: x\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    TestServer.readHead(in);
                    out.write("HTTP/1.0 200 OK\r\n\r\nuntil close".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // The assertions below fail.
                }
            });
            t.start();
            String url = "http://127.0.0.1:" + ss.getLocalPort() + "/m";
            assertEquals("a 1\nb 2\n", get(c, url));
            assertEquals("c 3\nd 4\n", get(c, url));
            assertEquals("until close", get(c, url));
            assertFalse(c.isOpen());
            t.join(5000);
        }
        try (TestServer server = new TestServer(r -> TestServer.Response.ok("0123456789"));
                HttpConnection c = new HttpClient(HttpClientConfig.DEFAULT).newConnection()) {
            c.send("GET", server.url("/"), UA, null, 0, 0, 5 * SECOND);
            HttpException e = assertThrows(HttpException.class, () -> c.readBody(10));
            assertTrue(e.isBodySizeLimit());
            assertEquals("body size limit exceeded", e.getMessage());
            c.send("GET", server.url("/"), UA, null, 0, 0, 5 * SECOND);
            assertEquals(10, c.readBody(11).length());
        }
    }

    @Test
    void errorsReadLikeGos() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (HttpConnection c = new HttpClient(HttpClientConfig.DEFAULT).newConnection()) {
            String url = "http://127.0.0.1:" + port + "/metrics";
            HttpException e = assertThrows(HttpException.class, () -> c.send("GET", url, UA, null, 0, 0, SECOND));
            assertEquals("Get \"" + url + "\": dial tcp 127.0.0.1:" + port + ": connect: connection refused", e.getMessage());
            e = assertThrows(HttpException.class, () -> c.send("POST", "ftp://x/y", UA, null, 0, 0, SECOND));
            assertEquals("Post \"ftp://x/y\": unsupported protocol scheme \"ftp\"", e.getMessage());
            e = assertThrows(HttpException.class,
                    () -> c.send("GET", "http://u:secret@127.0.0.1:" + port + "/", UA, null, 0, 0, SECOND));
            assertTrue(e.getMessage().startsWith("Get \"http://u:***@127.0.0.1:" + port + "/\": "), e.getMessage());
        }
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                HttpConnection c = new HttpClient(HttpClientConfig.DEFAULT).newConnection()) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/slow";
            long start = System.nanoTime();
            HttpException e = assertThrows(HttpException.class,
                    () -> c.send("GET", url, UA, null, 0, 0, 200_000_000L));
            assertEquals("Get \"" + url + "\": context deadline exceeded", e.getMessage());
            assertTrue(System.nanoTime() - start < 3 * SECOND, "the timeout ends the request");
        }
        assertThrows(IllegalArgumentException.class, () -> RequestHeaders.of("X-Bad", "a\r\nInjected: 1"));
    }

    @Test
    void credentialsAndHeadersAreReadOnEachRequest() throws Exception {
        Path password = dir.resolve("password");
        Files.writeString(password, "first\n");
        Path token = dir.resolve("token");
        Files.writeString(token, " t1 ");
        Path headerFile = dir.resolve("header");
        Files.writeString(headerFile, "from-file\n");
        Map<String, HttpHeader> headers = Map.of("X-Extra", new HttpHeader(List.of("v1"), List.of(new Secret("s1")),
                List.of(headerFile.toString())));
        try (TestServer server = new TestServer(r -> TestServer.Response.ok(""))) {
            try (HttpConnection c = new HttpClient(config(new BasicAuth("user", "", new Secret(""),
                    password.toString()), null, headers, true)).newConnection()) {
                get(c, server.url("/"));
                Files.writeString(password, "second");
                get(c, server.url("/"));
                assertEquals(basic("user:first"), server.requests.get(0).header("Authorization"));
                assertEquals(basic("user:second"), server.requests.get(1).header("Authorization"));
                assertEquals(List.of("v1", "s1", "from-file"), server.requests.get(0).headers().get("x-extra"));
            }
            try (HttpConnection c = new HttpClient(config(null, new Authorization("Bearer", new Secret(""),
                    token.toString()), Map.of(), true)).newConnection()) {
                get(c, server.url("/"));
                Files.writeString(token, "t2");
                get(c, server.url("/"));
                assertEquals("Bearer t1", server.requests.get(2).header("Authorization"));
                assertEquals("Bearer t2", server.requests.get(3).header("Authorization"));
                Files.delete(token);
                HttpException e = assertThrows(HttpException.class, () -> get(c, server.url("/x")));
                assertEquals("Get \"" + server.url("/x") + "\": unable to read authorization credentials: unable to read file "
                        + token + ": open " + token + ": no such file or directory", e.getMessage());
            }
            try (HttpConnection c = new HttpClient(HttpClientConfig.DEFAULT).newConnection()) {
                get(c, "http://alice:pw@127.0.0.1:" + server.port() + "/userinfo");
                assertEquals(basic("alice:pw"), server.requests.get(server.requests.size() - 1).header("Authorization"));
            }
        }
    }

    private static String basic(String pair) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void followsRedirectsAsGoDoes() throws Exception {
        AtomicReference<String> other = new AtomicReference<>();
        try (TestServer target = new TestServer(r -> TestServer.Response.ok(r.method() + " " + r.bodyText()));
                TestServer redirector = new TestServer(r -> switch (r.target()) {
                    case "/302" -> TestServer.Response.of(302, "Found", "", "Location: /final");
                    case "/307" -> TestServer.Response.of(307, "Temporary Redirect", "", "Location: /final");
                    case "/away" -> TestServer.Response.of(302, "Found", "", "Location: " + other.get());
                    case "/loop" -> TestServer.Response.of(302, "Found", "", "Location: /loop");
                    default -> TestServer.Response.ok(r.method() + " " + r.bodyText());
                })) {
            // Another host name for the same machine: credentials must not follow the redirect there.
            other.set("http://localhost:" + target.port() + "/elsewhere");
            HttpClientConfig auth = config(null, new Authorization("Bearer", new Secret("tok"), ""),
                    Map.of("Cookie", new HttpHeader(List.of("c=1"), List.of(), List.of()),
                            "X-Keep", new HttpHeader(List.of("k"), List.of(), List.of())), true);
            byte[] body = "data".getBytes(StandardCharsets.UTF_8);
            try (HttpConnection c = new HttpClient(auth).newConnection()) {
                assertEquals(200, c.send("POST", redirector.url("/302"), UA, body, 0, 4, 5 * SECOND));
                assertEquals("GET ", new String(c.bodyStream().readAllBytes(), StandardCharsets.UTF_8));
                assertEquals(200, c.send("POST", redirector.url("/307"), UA, body, 0, 4, 5 * SECOND));
                assertEquals("POST data", new String(c.bodyStream().readAllBytes(), StandardCharsets.UTF_8));
                assertEquals(200, c.send("GET", redirector.url("/away"), UA, null, 0, 0, 5 * SECOND));
                c.discardBody();
                TestServer.Request away = target.requests.get(0);
                assertEquals("/elsewhere", away.target());
                assertNull(away.header("Authorization"), "no credentials for another host");
                assertNull(away.header("Cookie"));
                assertEquals("k", away.header("X-Keep"));
                assertEquals("Bearer tok", redirector.requests.get(0).header("Authorization"));
                HttpException e = assertThrows(HttpException.class,
                        () -> c.send("GET", redirector.url("/loop"), UA, null, 0, 0, 5 * SECOND));
                assertEquals("Get \"" + redirector.url("/loop") + "\": stopped after 10 redirects", e.getMessage());
            }
            try (HttpConnection c = new HttpClient(config(null, null, Map.of(), false)).newConnection()) {
                assertEquals(302, c.send("GET", redirector.url("/302"), UA, null, 0, 0, 5 * SECOND));
            }
        }
        assertTrue(HttpConnection.isDomainOrSubdomain("a.example.com", "example.com"));
        assertFalse(HttpConnection.isDomainOrSubdomain("badexample.com", "example.com"));
    }
}
