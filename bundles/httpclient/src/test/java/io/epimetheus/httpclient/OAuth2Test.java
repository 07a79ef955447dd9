package io.epimetheus.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.OAuth2;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OAuth 2.0 tokens from a token endpoint served by a test server, as Go's oauth2 package gets them. */
class OAuth2Test {

    private static final long TIMEOUT = 10_000_000_000L;

    @TempDir
    Path dir;

    private static OAuth2 clientCredentials(String tokenUrl, Secret secret, String secretFile) {
        return new OAuth2("client", secret, secretFile, List.of("read", "write"), tokenUrl, Map.of("audience", "x"),
                "", "", new Secret(""), "", "", "", "", Map.of(), TlsConfig.DEFAULT, ProxyConfig.NONE);
    }

    private static HttpClient client(OAuth2 o) {
        return new HttpClient(new HttpClientConfig(null, null, o, TlsConfig.DEFAULT, true, true, ProxyConfig.NONE,
                Map.of()));
    }

    private static void get(HttpClient client, String url) throws HttpException {
        try (HttpConnection c = client.newConnection()) {
            assertEquals(200, c.send("GET", url, RequestHeaders.of("User-Agent", "test-agent"), null, 0, 0, TIMEOUT));
            c.discardBody();
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String p : body.split("&")) {
            int eq = p.indexOf('=');
            out.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void clientCredentialsAreCachedUntilTheyExpire() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        try (TestServer server = new TestServer(r -> r.target().equals("/token")
                ? TestServer.Response.of(200, "OK", "{\"access_token\":\"t" + issued.incrementAndGet()
                        + "\",\"token_type\":\"bearer\",\"expires_in\":" + (issued.get() == 1 ? "3600" : "\"5\"") + "}",
                        "Content-Type: application/json")
                : TestServer.Response.ok("metrics"))) {
            HttpClient c = client(clientCredentials(server.url("/token"), new Secret("s3cret"), ""));
            get(c, server.url("/metrics"));
            get(c, server.url("/metrics"));
            List<TestServer.Request> tokens = server.requests.stream().filter(r -> r.target().equals("/token")).toList();
            assertEquals(1, tokens.size(), "the token is reused until it expires");
            TestServer.Request t = tokens.get(0);
            assertEquals("Basic Y2xpZW50OnMzY3JldA==", t.header("Authorization"));
            assertEquals("audience=x&grant_type=client_credentials&scope=read+write", t.bodyText(),
                    "form parameters sorted by name, as Go encodes them");
            assertEquals("application/x-www-form-urlencoded", t.header("Content-Type"));
            assertEquals("test-agent", t.header("User-Agent"));
            assertEquals(List.of("Bearer t1", "Bearer t1"), server.requests.stream()
                    .filter(r -> r.target().equals("/metrics")).map(r -> r.header("Authorization")).toList());
        }
    }

    @Test
    void expiringTokensAreRefreshedAndAChangedSecretFileDiscardsTheToken() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "one\n");
        try (TestServer server = new TestServer(r -> r.target().equals("/token")
                ? TestServer.Response.of(200, "OK", "access_token=f" + issued.incrementAndGet()
                        + "&token_type=bearer&expires_in=5", "Content-Type: application/x-www-form-urlencoded")
                : TestServer.Response.ok("metrics"))) {
            HttpClient c = client(clientCredentials(server.url("/token"), new Secret(""), secret.toString()));
            get(c, server.url("/metrics"));
            get(c, server.url("/metrics"));
            assertEquals(2, issued.get(), "a token expiring within 10 s is fetched again");
            Files.writeString(secret, "two\n");
            get(c, server.url("/metrics"));
            assertEquals(3, issued.get());
            TestServer.Request last = server.requests.stream().filter(r -> r.target().equals("/token"))
                    .reduce((a, b) -> b).orElseThrow();
            assertEquals("Basic " + Base64.getEncoder().encodeToString("client:two".getBytes(StandardCharsets.UTF_8)),
                    last.header("Authorization"));
            assertEquals("Bearer f3", server.requests.get(server.requests.size() - 1).header("Authorization"));
        }
    }

    @Test
    void credentialsGoInTheFormWhenTheServerRefusesTheHeader() throws Exception {
        try (TestServer server = new TestServer(r -> {
            if (!r.target().equals("/token")) {
                return TestServer.Response.ok("metrics");
            }
            if (r.header("Authorization") != null) {
                return TestServer.Response.of(401, "Unauthorized", "{\"error\":\"invalid_client\"}",
                        "Content-Type: application/json");
            }
            return TestServer.Response.of(200, "OK", "{\"access_token\":\"p\",\"expires_in\":3600}",
                    "Content-Type: application/json");
        })) {
            HttpClient c = client(clientCredentials(server.url("/token"), new Secret("s 3"), ""));
            get(c, server.url("/metrics"));
            get(c, server.url("/metrics"));
            List<TestServer.Request> tokens = server.requests.stream().filter(r -> r.target().equals("/token")).toList();
            assertEquals(2, tokens.size());
            Map<String, String> f = form(tokens.get(1).bodyText());
            assertEquals("client", f.get("client_id"));
            assertEquals("s 3", f.get("client_secret"));
            assertEquals("Bearer p", server.requests.get(server.requests.size() - 1).header("Authorization"));
        }
    }

    @Test
    void tokenErrorsReadLikeGos() throws Exception {
        try (TestServer server = new TestServer(r -> r.target().equals("/json")
                ? TestServer.Response.of(400, "Bad Request",
                        "{\"error\":\"invalid_scope\",\"error_description\":\"no such scope\"}", "Content-Type: application/json")
                : r.target().equals("/plain") ? TestServer.Response.of(503, "Service Unavailable", "down")
                : TestServer.Response.of(200, "OK", "{\"token_type\":\"bearer\"}", "Content-Type: application/json"))) {
            String target = server.url("/metrics");
            HttpException e = assertThrows(HttpException.class,
                    () -> get(client(clientCredentials(server.url("/json"), new Secret("s"), "")), target));
            assertEquals("Get \"" + target + "\": oauth2: \"invalid_scope\" \"no such scope\"", e.getMessage());
            e = assertThrows(HttpException.class,
                    () -> get(client(clientCredentials(server.url("/plain"), new Secret("s"), "")), target));
            assertEquals("Get \"" + target + "\": oauth2: cannot fetch token: 503 Service Unavailable\nResponse: down",
                    e.getMessage());
            e = assertThrows(HttpException.class,
                    () -> get(client(clientCredentials(server.url("/empty"), new Secret("s"), "")), target));
            assertEquals("Get \"" + target + "\": oauth2: server response missing access_token", e.getMessage());
        }
    }

    @Test
    void jwtBearerGrantSendsASignedAssertion() throws Exception {
        TestPki pki = new TestPki(dir);
        try (TestServer server = new TestServer(r -> r.target().equals("/token")
                ? TestServer.Response.of(200, "OK", "{\"access_token\":\"jwt-token\",\"expires_in\":3600}",
                        "Content-Type: application/json")
                : TestServer.Response.ok("metrics"))) {
            OAuth2 o = new OAuth2("client", new Secret(""), "", List.of("a"), server.url("/token"), Map.of(),
                    OAuth2.GRANT_TYPE_JWT_BEARER, "key-1", new Secret(""), pki.clientKeyPkcs1.toString(), "RS384",
                    "issuer", "aud", Map.of("tenant", "t1"), TlsConfig.DEFAULT, ProxyConfig.NONE);
            get(client(o), server.url("/metrics"));
            assertEquals("Bearer jwt-token", server.requests.get(1).header("Authorization"));
            Map<String, String> f = form(server.requests.get(0).bodyText());
            assertEquals(OAuth2.GRANT_TYPE_JWT_BEARER, f.get("grant_type"));
            assertEquals("a", f.get("scope"));
            String[] jwt = f.get("assertion").split("\\.");
            Base64.Decoder d = Base64.getUrlDecoder();
            assertEquals("{\"alg\":\"RS384\",\"kid\":\"key-1\",\"typ\":\"JWT\"}",
                    new String(d.decode(jwt[0]), StandardCharsets.UTF_8));
            Map<String, String> claims = jsonFields(new String(d.decode(jwt[1]), StandardCharsets.UTF_8));
            assertEquals("issuer", claims.get("iss"));
            assertEquals("client", claims.get("sub"));
            assertEquals("aud", claims.get("aud"));
            assertEquals("a", claims.get("scope"));
            assertEquals("t1", claims.get("tenant"));
            assertEquals(600, Long.parseLong(claims.get("exp")) - Long.parseLong(claims.get("iat")));
            Signature verify = Signature.getInstance("SHA384withRSA");
            try (InputStream in = Files.newInputStream(pki.clientCert)) {
                verify.initVerify(CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey());
            }
            verify.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            assertTrue(verify.verify(d.decode(jwt[2])), "signed with the configured key");
        }
    }

    private static Map<String, String> jsonFields(String json) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                out.put(name, p.getText());
            }
        }
        return out;
    }
}
