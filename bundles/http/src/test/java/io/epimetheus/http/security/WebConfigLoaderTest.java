package io.epimetheus.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exporter-toolkit's own web config test files, loaded and validated. */
class WebConfigLoaderTest {

    static Path resource(String name) throws Exception {
        return Path.of(WebConfigLoaderTest.class.getResource("/webconfig/" + name).toURI());
    }

    private static String error(String name) throws Exception {
        return assertThrows(WebConfigException.class, () -> WebConfigLoader.load(resource(name))).getMessage();
    }

    @Test
    void usersWithTls() throws Exception {
        WebConfig c = WebConfigLoader.load(resource("web_config_users.good.yml"));
        assertEquals(4, c.users().size());
        assertNotNull(c.tls());
        assertEquals(TlsServerConfig.ClientAuth.NONE, c.tls().clientAuth());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), c.tls().protocols());
        assertEquals("RSA", c.tls().key().getAlgorithm());
    }

    @Test
    void usersWithoutTlsAndHeaders() throws Exception {
        WebConfig c = WebConfigLoader.load(resource("web_config_users_noTLS.good.yml"));
        assertNull(c.tls());
        assertTrue(c.users().containsKey("alice"));
        WebConfig h = WebConfigLoader.load(resource("web_config_headers.good.yml"));
        assertEquals("deny", h.headers().get("X-Frame-Options"));
        assertEquals(5, h.headers().size());
    }

    @Test
    void tlsVariants() throws Exception {
        WebConfig ciphers = WebConfigLoader.load(resource("web_config_noAuth_someCiphers.good.yml"));
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                ciphers.tls().cipherSuites());
        assertEquals(List.of("TLSv1.2"), ciphers.tls().protocols());
        assertEquals(TlsServerConfig.ClientAuth.VERIFY_IF_GIVEN, ciphers.tls().clientAuth());
        WebConfig verify = WebConfigLoader.load(resource("tls_config_noAuth.requireandverifyclientcert.good.yml"));
        assertEquals(TlsServerConfig.ClientAuth.REQUIRE_AND_VERIFY, verify.tls().clientAuth());
        assertEquals(1, verify.tls().clientCas().size());
        WebConfig inline = WebConfigLoader.load(resource("web_config_noAuth_tlsInline.good.yml"));
        assertNotNull(inline.tls());
    }

    @Test
    void badFilesAreRefusedWithExporterToolkitWording() throws Exception {
        assertTrue(error("web_config_junk_key.yml").endsWith("field cert_filse not found in type web.TLSConfig"));
        assertTrue(error("web_config_noAuth_wrongTLSVersion.bad.yml").endsWith("unknown TLS version: TLS111"));
        assertTrue(error("web_config_headers_extra_header.bad.yml").endsWith("HTTP header \"Content-Type\" can not be configured"));
        assertTrue(error("web_config_headers_frame_options.bad.yml")
                .contains("invalid value for X-Frame-Options. Expected one of: [\"deny\" \"sameorigin\"], but got:"));
        assertTrue(error("web_config_auth_user_list_invalid.bad.yml")
                .endsWith("basic_auth_users: user john: crypto/bcrypt: hashedSecret too short to be a bcrypted password"));
        assertTrue(error("web_config_noAuth_certPath_invalid.bad.yml").contains("failed to read cert_file"));
        String msg = error("web_config_noAuth_certPath_empty.bad.yml");
        assertTrue(msg.endsWith("missing one of cert or cert_file"), msg);
        assertTrue(msg.startsWith("web config file "), msg);
    }

    @Test
    void moreRefusals(@TempDir Path dir) throws Exception {
        Files.copy(resource("server.crt"), dir.resolve("server.crt"));
        Files.copy(resource("server.key"), dir.resolve("server.key"));
        Files.copy(resource("client_selfsigned.key"), dir.resolve("other.key"));
        assertEquals("client CA's have been configured without a Client Auth Policy", parseError(dir,
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: server.crt\n"));
        assertEquals("invalid ClientAuth: Sometimes", parseError(dir,
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: Sometimes\n"));
        assertEquals("unknown cipher: TLS_NOPE", parseError(dir,
                "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cipher_suites: [TLS_NOPE]\n"));
        assertEquals("failed to load X509KeyPair: tls: private key does not match public key", parseError(dir,
                "tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n"));
        assertTrue(parseError(dir, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  client_auth_type: RequireAnyClientCert\n").contains("not supported by Epimetheus"));
        assertTrue(parseError(dir, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  curve_preferences: [X25519]\n").contains("curve_preferences is not supported by Epimetheus"));
        assertTrue(parseError(dir, "nonsense: 1\n").endsWith("field nonsense not found in type web.Config"));
        assertEquals("crypto/bcrypt: cost 3 is outside allowed inclusive range 4..31",
                Bcrypt.hashProblem("$2y$03$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi"));
        assertNull(WebConfigLoader.parse("", dir, "empty").tls());
    }

    @Test
    void rateLimit(@TempDir Path dir) throws Exception {
        assertEquals(new WebConfig.RateLimit(10, 1_500_000_000L),
                WebConfigLoader.parse("rate_limit:\n  burst: 10\n  interval: 1.5s\n", dir, "t").rateLimit());
        assertEquals(new WebConfig.RateLimit(5, 90_000_000_000L),
                WebConfigLoader.parse("rate_limit:\n  interval: 1m30s\n  burst: 5\n", dir, "t").rateLimit());
        // An integer is nanoseconds, a float is truncated, as Go's YAML decodes a time.Duration.
        assertEquals(new WebConfig.RateLimit(0, 1000),
                WebConfigLoader.parse("rate_limit:\n  interval: 1000\n", dir, "t").rateLimit());
        assertEquals(new WebConfig.RateLimit(3, 2),
                WebConfigLoader.parse("rate_limit:\n  interval: 2.9\n  burst: 3.7\n", dir, "t").rateLimit());
        assertEquals(new WebConfig.RateLimit(-1, 1),
                WebConfigLoader.parse("rate_limit:\n  interval: 1ns\n  burst: -1\n", dir, "t").rateLimit());
        // Interval 0 or negative (rate.Every gives an unlimited rate), or no interval: no limiter.
        assertNull(WebConfigLoader.parse("rate_limit:\n  burst: 10\n", dir, "t").rateLimit());
        assertNull(WebConfigLoader.parse("rate_limit:\n  burst: 10\n  interval: 0\n", dir, "t").rateLimit());
        assertNull(WebConfigLoader.parse("rate_limit:\n  burst: 10\n  interval: -1s\n", dir, "t").rateLimit());
        assertNull(WebConfigLoader.parse("rate_limit:\n", dir, "t").rateLimit());
        assertNull(WebConfigLoader.parse("rate_limit: {}\n", dir, "t").rateLimit());
        assertNull(WebConfigLoader.parse("basic_auth_users: {}\n", dir, "t").rateLimit());

        assertEquals("yaml: unmarshal errors: cannot unmarshal !!str `1d` into time.Duration: "
                + "time: unknown unit \"d\" in duration \"1d\"", parseError(dir, "rate_limit:\n  interval: 1d\n"));
        assertEquals("yaml: unmarshal errors: cannot unmarshal !!str `1` into time.Duration: "
                + "time: missing unit in duration \"1\"", parseError(dir, "rate_limit:\n  interval: \"1\"\n"));
        assertEquals("yaml: unmarshal errors: cannot unmarshal !!str `x` into time.Duration: "
                + "time: invalid duration \"x\"", parseError(dir, "rate_limit:\n  interval: x\n"));
        assertEquals("yaml: unmarshal errors: cannot unmarshal !!str `10s` into int",
                parseError(dir, "rate_limit:\n  burst: 10s\n  interval: 1s\n"));
        assertEquals("yaml: unmarshal errors: cannot unmarshal !!bool `true` into time.Duration",
                parseError(dir, "rate_limit:\n  interval: true\n"));
        assertEquals("yaml: unmarshal errors: cannot unmarshal !!int `1000000...` into int",
                parseError(dir, "rate_limit:\n  burst: 100000000000000000000\n"));
        assertEquals("yaml: unmarshal errors: cannot unmarshal !!seq into int",
                parseError(dir, "rate_limit:\n  burst: [1]\n"));
        assertEquals("yaml: unmarshal errors: field rate not found in type web.RateLimiterConfig",
                parseError(dir, "rate_limit:\n  burst: 1\n  rate: 1s\n"));
        assertEquals("yaml: unmarshal errors: cannot unmarshal Integer into web.RateLimiterConfig",
                parseError(dir, "rate_limit: 5\n"));
    }

    @Test
    void clientAllowedSans(@TempDir Path dir) throws Exception {
        Files.copy(resource("server.crt"), dir.resolve("server.crt"));
        Files.copy(resource("server.key"), dir.resolve("server.key"));
        String tls = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: server.crt\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n";
        assertEquals(List.of("prom.example.org", "192.0.2.1", "spiffe://x/y"), WebConfigLoader.parse(tls
                + "  client_allowed_sans: [prom.example.org, 192.0.2.1, \"spiffe://x/y\"]\n", dir, "t").tls().clientAllowedSans());
        assertEquals(List.of(), WebConfigLoader.parse(tls, dir, "t").tls().clientAllowedSans());
        assertEquals(List.of(), WebConfigLoader.parse(tls + "  client_allowed_sans: []\n", dir, "t").tls().clientAllowedSans());
        assertEquals("client_allowed_sans must be a list",
                parseError(dir, tls + "  client_allowed_sans: prom.example.org\n"));
        assertEquals("yaml: unmarshal errors: field client_allowed_san not found in type web.TLSConfig",
                parseError(dir, tls + "  client_allowed_san: [a]\n"));
    }

    private static String parseError(Path dir, String yaml) {
        return assertThrows(WebConfigException.class, () -> WebConfigLoader.parse(yaml, dir, "test")).getMessage();
    }
}
