package io.epimetheus.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
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
 * The PEM-to-PKCS#12 conversion that feeds pax-web: a Jetty configured with the produced store and
 * the settings pax-web would pass serves HTTPS with the PEM certificate.
 */
class TlsStoresTest {

    @Test
    void storesServeTheCertificate(@TempDir Path dir) throws Exception {
        WebConfig cfg = WebConfigLoader.load(WebConfigLoaderTest.resource("web_config_users.good.yml"));
        Map<String, Object> props = TlsListener.stores(cfg.tls(), dir);
        assertEquals("PKCS12", props.get("org.ops4j.pax.web.ssl.keystore.type"));

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath((String) props.get("org.ops4j.pax.web.ssl.keystore"));
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword((String) props.get("org.ops4j.pax.web.ssl.keystore.password"));
        ssl.setKeyManagerPassword((String) props.get("org.ops4j.pax.web.ssl.key.password"));
        ssl.setCertAlias("server");
        ssl.setIncludeProtocols(cfg.tls().protocols().toArray(new String[0]));
        Server server = new Server();
        ServerConnector https = new ServerConnector(server, ssl);
        https.setHost("127.0.0.1");
        https.setPort(0);
        server.addConnector(https);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
                resp.getWriter().write("secure");
            }
        }), "/*");
        server.setHandler(ctx);
        server.start();
        try {
            HttpClient client = TestCerts.httpsClient(null);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + https.getLocalPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("secure", r.body());
            // A client that does not trust the certificate is refused.
            HttpClient untrusting = HttpClient.newHttpClient();
            assertThrows(java.io.IOException.class, () -> untrusting.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + https.getLocalPort() + "/")).build(), HttpResponse.BodyHandlers.ofString()));
        } finally {
            server.stop();
        }
        assertNotEquals(TlsListener.fingerprint(cfg.tls()),
                TlsListener.fingerprint(WebConfigLoader.load(WebConfigLoaderTest.resource("web_config_noAuth_someCiphers.good.yml")).tls()));
    }
}
