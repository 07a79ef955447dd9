package io.epimetheus.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.http.connection.ConnectionWatcher;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection watcher behind TLS (the listener web.config.yml's {@code tls_server_config}
 * configures): a client that closes its TLS connection while its request is computed is noticed;
 * one that waits gets its answer on a connection that stays usable. The bound is a liveness bound.
 */
class TlsConnectionWatchTest {

    @Test
    void aTlsClientThatClosesIsNoticed(@TempDir Path dir) throws Exception {
        WebConfig cfg = WebConfigLoader.load(WebConfigLoaderTest.resource("web_config_users.good.yml"));
        Map<String, Object> props = TlsListener.stores(cfg.tls(), dir);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath((String) props.get("org.ops4j.pax.web.ssl.keystore"));
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword((String) props.get("org.ops4j.pax.web.ssl.keystore.password"));
        ssl.setKeyManagerPassword((String) props.get("org.ops4j.pax.web.ssl.key.password"));
        ssl.setCertAlias("server");
        Server server = new Server();
        ServerConnector https = new ServerConnector(server, ssl);
        https.setHost("127.0.0.1");
        https.setPort(0);
        server.addConnector(https);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gone = new CountDownLatch(1);
        CountDownLatch waitingStarted = new CountDownLatch(1);
        CountDownLatch waitingGone = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServletContextHandler ctx = new ServletContextHandler();
        try (ConnectionWatcher watcher = new ConnectionWatcher("test-tls-watcher")) {
            ctx.addServlet(new ServletHolder(new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
                    boolean leaving = req.getRequestURI().equals("/leaving");
                    CountDownLatch noticed = leaving ? gone : waitingGone;
                    try (ConnectionWatcher.Watch w = watcher.watch(req, noticed::countDown)) {
                        (leaving ? started : waitingStarted).countDown();
                        (leaving ? gone : release).await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    resp.setContentLength(2);
                    resp.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
                }
            }), "/*");
            server.setHandler(ctx);
            server.start();
            try {
                try (Socket s = tlsSocket(https.getLocalPort())) {
                    s.getOutputStream().write("GET /leaving HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertTrue(started.await(10, TimeUnit.SECONDS));
                }
                assertTrue(gone.await(10, TimeUnit.SECONDS), "the closed TLS connection was not noticed");

                try (Socket s = tlsSocket(https.getLocalPort())) {
                    s.getOutputStream().write("GET /waiting HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertTrue(waitingStarted.await(10, TimeUnit.SECONDS));
                    // Time for a wrong notice to happen before the request is let go.
                    Thread.sleep(300);
                    release.countDown();
                    String answer = readAnswer(s.getInputStream());
                    assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
                    s.getOutputStream().write("GET /waiting HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    answer = readAnswer(s.getInputStream());
                    assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
                }
                assertEquals(1, waitingGone.getCount(), "a waiting TLS client was taken for gone");
            } finally {
                server.stop();
            }
        }
    }

    /** One answer of the servlet: its head and the body {@code ok}. */
    private static String readAnswer(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\nok")) {
            int b = in.read();
            assertTrue(b >= 0, "connection closed after " + sb);
            sb.append((char) b);
        }
        return sb.toString();
    }

    private static Socket tlsSocket(int port) throws Exception {
        SSLSocket s = (SSLSocket) TestCerts.trustingTestServer(null).getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.startHandshake();
        assertEquals(true, s.getSession().isValid());
        return s;
    }
}
