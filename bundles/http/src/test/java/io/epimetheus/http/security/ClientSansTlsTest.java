package io.epimetheus.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.http.settings.SettingsService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import javax.servlet.DispatcherType;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.bouncycastle.asn1.x509.GeneralName;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * client_allowed_sans over real TLS: Jetty set up with the stores and client-auth setting pax-web
 * gets, client certificates signed by the configured client CA, the security filter deciding.
 */
class ClientSansTlsTest {

    @Test
    void allowedAndRefusedClientCertificates(@TempDir Path dir) throws Exception {
        TestCerts.Issued ca = TestCerts.ca();
        TestCerts.Issued good = TestCerts.issue("CN=prom", ca, false,
                new GeneralName(GeneralName.dNSName, "prom.example.org"),
                new GeneralName(GeneralName.iPAddress, "192.0.2.10"));
        TestCerts.Issued bad = TestCerts.issue("CN=prom.example.org", ca, false,
                new GeneralName(GeneralName.dNSName, "other.example.org"));
        Files.copy(WebConfigLoaderTest.resource("server.crt"), dir.resolve("server.crt"));
        Files.copy(WebConfigLoaderTest.resource("server.key"), dir.resolve("server.key"));
        Files.writeString(dir.resolve("ca.crt"), TestCerts.pem(ca.cert()));
        Path file = dir.resolve("web.yml");
        Files.writeString(file, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  client_ca_file: ca.crt\n  client_auth_type: RequireAndVerifyClientCert\n"
                + "  client_allowed_sans: [\"192.0.2.10\"]\n");
        WebConfig cfg = WebConfigLoader.load(file);
        Map<String, Object> props = TlsListener.stores(cfg.tls(), dir.resolve("stores"));

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath((String) props.get("org.ops4j.pax.web.ssl.keystore"));
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword((String) props.get("org.ops4j.pax.web.ssl.keystore.password"));
        ssl.setKeyManagerPassword((String) props.get("org.ops4j.pax.web.ssl.key.password"));
        ssl.setCertAlias("server");
        ssl.setTrustStorePath((String) props.get("org.ops4j.pax.web.ssl.truststore"));
        ssl.setTrustStoreType("PKCS12");
        ssl.setTrustStorePassword((String) props.get("org.ops4j.pax.web.ssl.truststore.password"));
        ssl.setNeedClientAuth(true);
        Server server = new Server();
        ServerConnector https = new ServerConnector(server, ssl);
        https.setHost("127.0.0.1");
        https.setPort(0);
        server.addConnector(https);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addFilter(new FilterHolder(new WebSecurityFilter(new SettingsService(BasicAuthTest.settings(file.toString())))),
                "/*", EnumSet.of(DispatcherType.REQUEST));
        ctx.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().write("ok");
            }
        }), "/*");
        server.setHandler(ctx);
        server.start();
        try {
            URI uri = URI.create("https://127.0.0.1:" + https.getLocalPort() + "/-/healthy");
            HttpResponse<String> r = TestCerts.httpsClient(good).send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("ok", r.body());
            // Signed by the client CA, so the handshake succeeds, but no SAN is allowed (the CN does not count).
            r = TestCerts.httpsClient(bad).send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode());
            assertEquals("Forbidden\n", r.body());
        } finally {
            server.stop();
        }
    }
}
