package io.epimetheus.http.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.http.TestJetty;
import io.epimetheus.http.TestSettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.Map;
import io.epimetheus.http.settings.HttpSettings;
import io.epimetheus.http.settings.SettingsService;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BasicAuthTest {

    // exporter-toolkit's test vectors: alice's password is alice123.
    static final String ALICE = "$2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby";

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bcryptKnownHashes() {
        assertTrue(Bcrypt.verify("alice123", ALICE));
        assertFalse(Bcrypt.verify("alice1234", ALICE));
        assertTrue(Bcrypt.verify("fakepassword", Bcrypt.FAKE_HASH));
        assertNull(Bcrypt.hashProblem(ALICE));
        // $2a$ and $2b$ test vectors of OpenBSD's bcrypt ("U*U", cost 5).
        assertTrue(Bcrypt.verify("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
        assertTrue(Bcrypt.verify("U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
    }

    @Test
    void knownUserOnlyWithTheRightPassword() {
        BasicAuth auth = new BasicAuth();
        Map<String, String> users = Map.of("alice", ALICE);
        assertTrue(auth.authorized(basic("alice", "alice123"), users));
        assertTrue(auth.authorized(basic("alice", "alice123"), users));
        assertFalse(auth.authorized(basic("alice", "alice1234"), users));
        // The fake hash's password must not open an unknown user.
        assertFalse(auth.authorized(basic("fakeuser", "fakepassword"), users));
        assertFalse(auth.authorized(null, users));
        assertFalse(auth.authorized("Bearer x", users));
        assertArrayEquals(new String[] {"a", "b:c"}, BasicAuth.parse(basic("a", "b:c")));
        assertArrayEquals(new String[] {"a", "b"}, BasicAuth.parse("basic " + Base64.getEncoder().encodeToString("a:b".getBytes())));
    }

    static HttpSettings settings(String file) {
        return new TestSettings().webConfigFile(file);
    }

    @Test
    void filterProtectsEveryPathAndFollowsFileChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web.yml");
        Files.writeString(file, "basic_auth_users:\n  alice: " + ALICE + "\nhttp_server_config:\n  headers:\n"
                + "    X-Frame-Options: deny\n");
        WebSecurityFilter filter = new WebSecurityFilter(new SettingsService(settings(file.toString())));
        HttpServlet ok = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
                resp.getWriter().write("ok");
            }
        };
        try (TestJetty jetty = new TestJetty().servlet("/*", ok).filter(filter).start()) {
            HttpResponse<String> r = jetty.get("/api/v1/query");
            assertEquals(401, r.statusCode());
            assertEquals("Basic", r.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals("deny", r.headers().firstValue("X-Frame-Options").orElseThrow());
            assertEquals(401, jetty.send("GET", "/metrics", Map.of("Authorization", basic("alice", "nope"))).statusCode());
            r = jetty.send("GET", "/metrics", Map.of("Authorization", basic("alice", "alice123")));
            assertEquals(200, r.statusCode());
            assertEquals("ok", r.body());
            assertEquals(401, jetty.get("/nothing/here").statusCode());

            // A broken edit refuses everything; fixing it restores service, as exporter-toolkit re-reads the file.
            Files.writeString(file, "basic_auth_users: [\n");
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            assertEquals(500, jetty.send("GET", "/metrics", Map.of("Authorization", basic("alice", "alice123"))).statusCode());
            Files.writeString(file, "http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n");
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10000));
            r = jetty.get("/metrics");
            assertEquals(200, r.statusCode());
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
        }
    }

    @Test
    void noWebConfigMeansOpen() throws Exception {
        WebSecurityFilter filter = new WebSecurityFilter(new SettingsService(settings("")));
        HttpServlet ok = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                resp.setStatus(204);
            }
        };
        try (TestJetty jetty = new TestJetty().servlet("/*", ok).filter(filter).start()) {
            assertEquals(204, jetty.get("/anything").statusCode());
        }
    }
}
