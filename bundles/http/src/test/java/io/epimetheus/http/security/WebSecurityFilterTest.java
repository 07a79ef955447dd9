package io.epimetheus.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.http.TestJetty;
import io.epimetheus.http.settings.SettingsService;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rate_limit and client_allowed_sans as the security filter enforces them. */
class WebSecurityFilterTest {

    private static final long MINUTE = 60_000_000_000L;

    private static final HttpServlet OK = new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("ok");
        }
    };

    private static WebSecurityFilter filter(Path file, AtomicLong clock) {
        return new WebSecurityFilter(new SettingsService(BasicAuthTest.settings(file.toString())), clock::get);
    }

    private static void assertTooMany(HttpResponse<String> r) {
        assertEquals(429, r.statusCode());
        assertEquals("Too Many Requests\n", r.body());
        // PlainText sets "text/plain; charset=utf-8"; Jetty drops the space.
        assertEquals("text/plain;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void burstThenTooManyRequestsThenRefill(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web.yml");
        Files.writeString(file, "rate_limit:\n  burst: 2\n  interval: 1m\n");
        AtomicLong clock = new AtomicLong();
        try (TestJetty jetty = new TestJetty().servlet("/*", OK).filter(filter(file, clock)).start()) {
            assertEquals(200, jetty.get("/-/healthy").statusCode());
            assertEquals(200, jetty.get("/metrics").statusCode());
            assertTooMany(jetty.get("/-/healthy"));
            assertTooMany(jetty.get("/api/v1/query"));
            clock.addAndGet(MINUTE - 1);
            assertTooMany(jetty.get("/-/healthy"));
            clock.addAndGet(1);
            assertEquals(200, jetty.get("/-/healthy").statusCode());
            assertTooMany(jetty.get("/-/healthy"));
            clock.addAndGet(10 * MINUTE);
            assertEquals(200, jetty.get("/-/healthy").statusCode());
            assertEquals(200, jetty.get("/-/healthy").statusCode());
            assertTooMany(jetty.get("/-/healthy"));

            // Reloading the changed file makes a new, full limiter; interval 0 turns limiting off.
            Files.writeString(file, "rate_limit:\n  burst: 1\n  interval: 1.5s\n");
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            assertEquals(200, jetty.get("/-/healthy").statusCode());
            assertTooMany(jetty.get("/-/healthy"));
            Files.writeString(file, "rate_limit:\n  burst: 0\n  interval: 0s\n");
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10000));
            for (int i = 0; i < 5; i++) {
                assertEquals(200, jetty.get("/-/healthy").statusCode());
            }
            Files.writeString(file, "rate_limit:\n  burst: 0\n  interval: 1s\n");
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 15000));
            assertTooMany(jetty.get("/-/healthy"));
        }
    }

    @Test
    void rateLimitComesBeforeHeadersAndBasicAuth(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web.yml");
        Files.writeString(file, "rate_limit:\n  burst: 2\n  interval: 10s\nbasic_auth_users:\n  alice: "
                + BasicAuthTest.ALICE + "\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n");
        AtomicLong clock = new AtomicLong();
        try (TestJetty jetty = new TestJetty().servlet("/*", OK).filter(filter(file, clock)).start()) {
            HttpResponse<String> r = jetty.get("/metrics");
            assertEquals(401, r.statusCode(), "an unauthorized request takes a token too");
            assertEquals("deny", r.headers().firstValue("X-Frame-Options").orElseThrow());
            assertEquals(200, jetty.send("GET", "/metrics",
                    Map.of("Authorization", BasicAuthTest.basic("alice", "alice123"))).statusCode());
            r = jetty.send("GET", "/metrics", Map.of("Authorization", BasicAuthTest.basic("alice", "alice123")));
            assertTooMany(r);
            assertEquals(true, r.headers().firstValue("X-Frame-Options").isEmpty(), "headers come after the limiter");
            assertEquals(true, r.headers().firstValue("WWW-Authenticate").isEmpty());
        }
    }

    /** Stands in for Jetty's TLS connector: puts the certificate named by a test header where Jetty puts the client's. */
    private static Filter presenting(Map<String, X509Certificate> certs) {
        return new Filter() {
            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                String name = ((HttpServletRequest) request).getHeader("X-Test-Cert");
                if (name != null) {
                    request.setAttribute("javax.servlet.request.X509Certificate", new X509Certificate[] {certs.get(name)});
                }
                chain.doFilter(request, response);
            }
        };
    }

    private static void tlsConfig(Path dir, Path file, String clientAuth, String sans) throws Exception {
        if (!Files.exists(dir.resolve("server.crt"))) {
            Files.copy(WebConfigLoaderTest.resource("server.crt"), dir.resolve("server.crt"));
            Files.copy(WebConfigLoaderTest.resource("server.key"), dir.resolve("server.key"));
        }
        Files.writeString(file, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + (clientAuth.equals("NoClientCert") ? "" : "  client_ca_file: server.crt\n")
                + "  client_auth_type: " + clientAuth + "\n  client_allowed_sans: " + sans + "\n"
                + "rate_limit:\n  burst: 3\n  interval: 1h\n");
    }

    @Test
    void allowedSansOfEachKind(@TempDir Path dir) throws Exception {
        Map<String, X509Certificate> certs = Map.of(
                "dns", TestCerts.withSans(new GeneralName(GeneralName.dNSName, "prom.example.org")),
                "email", TestCerts.withSans(new GeneralName(GeneralName.rfc822Name, "ops@example.org")),
                "ip", TestCerts.withSans(new GeneralName(GeneralName.iPAddress, "2001:db8:0:0:0:0:0:7")),
                "uri", TestCerts.withSans(new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.org/prom")),
                "other", TestCerts.withSans(new GeneralName(GeneralName.dNSName, "evil.example.org"),
                        new GeneralName(GeneralName.iPAddress, "192.0.2.1")),
                "none", TestCerts.withSans());
        Path file = dir.resolve("web.yml");
        tlsConfig(dir, file, "RequireAndVerifyClientCert",
                "[prom.example.org, ops@example.org, \"2001:db8::7\", \"spiffe://example.org/prom\"]");
        AtomicLong clock = new AtomicLong();
        try (TestJetty jetty = new TestJetty().servlet("/*", OK).filter(presenting(certs)).filter(filter(file, clock))
                .start()) {
            for (String refused : new String[] {"other", "none", "other", "none"}) {
                HttpResponse<String> r = jetty.send("GET", "/-/healthy", Map.of("X-Test-Cert", refused));
                assertEquals(403, r.statusCode(), refused);
                assertEquals("Forbidden\n", r.body());
                assertEquals("text/plain;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""));
                assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
            }
            assertEquals(403, jetty.get("/-/healthy").statusCode(), "no certificate at all");
            // Refused clients took no tokens (Go refuses them in the handshake): three pass, as burst allows.
            for (String allowed : new String[] {"dns", "email", "ip"}) {
                HttpResponse<String> r = jetty.send("GET", "/-/healthy", Map.of("X-Test-Cert", allowed));
                assertEquals(200, r.statusCode(), allowed);
                assertEquals("ok", r.body());
            }
            assertTooMany(jetty.send("GET", "/-/healthy", Map.of("X-Test-Cert", "uri")));
            clock.addAndGet(60 * MINUTE);
            assertEquals(200, jetty.send("GET", "/-/healthy", Map.of("X-Test-Cert", "uri")).statusCode());
        }
    }

    @Test
    void sansApplyOnlyWhenClientCertificatesAreAskedFor(@TempDir Path dir) throws Exception {
        Map<String, X509Certificate> certs = Map.of(
                "dns", TestCerts.withSans(new GeneralName(GeneralName.dNSName, "prom.example.org")),
                "other", TestCerts.withSans(new GeneralName(GeneralName.dNSName, "evil.example.org")));
        Path file = dir.resolve("web.yml");
        tlsConfig(dir, file, "VerifyClientCertIfGiven", "[prom.example.org]");
        AtomicLong clock = new AtomicLong();
        try (TestJetty jetty = new TestJetty().servlet("/*", OK).filter(presenting(certs)).filter(filter(file, clock))
                .start()) {
            assertEquals(200, jetty.send("GET", "/", Map.of("X-Test-Cert", "dns")).statusCode());
            assertEquals(403, jetty.send("GET", "/", Map.of("X-Test-Cert", "other")).statusCode());
            assertEquals(403, jetty.get("/").statusCode(), "a certificate is optional, but the SAN list is not");

            // Without client authentication Go never sees a certificate, so the list has no effect.
            tlsConfig(dir, file, "NoClientCert", "[prom.example.org]");
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            assertEquals(200, jetty.get("/").statusCode());
            assertEquals(200, jetty.send("GET", "/", Map.of("X-Test-Cert", "other")).statusCode());
        }
    }
}
