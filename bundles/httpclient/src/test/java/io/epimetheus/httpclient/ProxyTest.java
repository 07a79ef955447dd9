package io.epimetheus.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests through HTTP, CONNECT and SOCKS5 proxies, and Go's proxy selection rules. */
class ProxyTest {

    private static final long TIMEOUT = 10_000_000_000L;

    @TempDir
    Path dir;

    private static HttpClient client(TlsConfig tls, ProxyConfig proxy) {
        return new HttpClient(new HttpClientConfig(null, null, null, tls, true, true, proxy, Map.of()));
    }

    private static void get(HttpClient client, String url) throws HttpException {
        try (HttpConnection c = client.newConnection()) {
            assertEquals(200, c.send("GET", url, RequestHeaders.NONE, null, 0, 0, TIMEOUT));
            c.discardBody();
        }
    }

    @Test
    void plainRequestsGoToAnHttpProxyInAbsoluteForm() throws Exception {
        try (TestServer proxy = new TestServer(r -> TestServer.Response.ok("proxied"))) {
            ProxyConfig p = new ProxyConfig("http://bob:s%40cret@127.0.0.1:" + proxy.port(), "", false, Map.of());
            get(client(TlsConfig.DEFAULT, p), "http://target.test:9100/metrics?x=1");
            TestServer.Request r = proxy.requests.get(0);
            assertEquals("http://target.test:9100/metrics?x=1", r.target());
            assertEquals("target.test:9100", r.header("Host"));
            assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("bob:s@cret".getBytes()),
                    r.header("Proxy-Authorization"));
        }
    }

    @Test
    void httpsGoesThroughAConnectTunnelWithProxyConnectHeaders() throws Exception {
        TestPki pki = new TestPki(dir);
        TlsConfig tls = new TlsConfig("", "", new Secret(""), pki.ca.toString(), "", "", "", false, "", "");
        try (TestServer target = new TestServer(pki.serverContext(), false, r -> TestServer.Response.ok("secret"));
                TestProxy proxy = new TestProxy(false)) {
            proxy.requireHeader = "X-Proxy-Token: abc";
            String url = "https://localhost:" + target.port() + "/metrics";
            ProxyConfig without = new ProxyConfig("http://127.0.0.1:" + proxy.port(), "", false, Map.of());
            HttpException e = assertThrows(HttpException.class, () -> get(client(tls, without), url));
            assertEquals("Get \"" + url + "\": Proxy Authentication Required", e.getMessage());
            ProxyConfig with = new ProxyConfig("http://127.0.0.1:" + proxy.port(), "", false,
                    Map.of("X-Proxy-Token", List.of(new Secret("abc"))));
            get(client(tls, with), url);
            assertEquals("CONNECT localhost:" + target.port() + " HTTP/1.1", proxy.connectHeads.get(1).get(0));
            assertEquals("localhost", target.requests.get(0).sni(), "TLS runs end to end through the tunnel");
        }
    }

    @Test
    void socks5WithUsernameAndPassword() throws Exception {
        try (TestServer target = new TestServer(r -> TestServer.Response.ok("via socks"));
                TestProxy proxy = new TestProxy(true)) {
            ProxyConfig p = new ProxyConfig("socks5://u:p@127.0.0.1:" + proxy.port(), "", false, Map.of());
            get(client(TlsConfig.DEFAULT, p), "http://localhost:" + target.port() + "/x");
            assertEquals(List.of("u:p@localhost:" + target.port()), proxy.socksRequests);
            assertEquals("/x", target.requests.get(0).target(), "origin-form through a SOCKS tunnel");
        }
    }

    @Test
    void noProxyAndEnvironmentRules() throws Exception {
        ProxyConfig url = new ProxyConfig("http://proxy.test:3128", "", false, Map.of());
        assertEquals("proxy.test", ProxyRules.of(url).select("http", "127.0.0.1", 80).host(),
                "proxy_url alone proxies everything, loopback included");
        ProxyConfig withNoProxy = new ProxyConfig("http://proxy.test:3128",
                "example.com, .internal, 10.0.0.0/8, 192.168.1.7, *.wild.test, special.test:8443, [::2]", false, Map.of());
        ProxyRules rules = ProxyRules.of(withNoProxy);
        assertNull(rules.select("http", "localhost", 80), "localhost is never proxied with no_proxy");
        assertNull(rules.select("http", "127.0.0.5", 80));
        assertNull(rules.select("http", "example.com", 80));
        assertNull(rules.select("https", "a.b.example.com", 443));
        assertEquals("proxy.test", rules.select("http", "badexample.com", 80).host());
        assertEquals("proxy.test", rules.select("http", "internal", 80).host(), ".internal matches subdomains only");
        assertNull(rules.select("http", "db.internal", 80));
        assertNull(rules.select("http", "10.1.2.3", 80));
        assertEquals("proxy.test", rules.select("http", "11.1.2.3", 80).host());
        assertNull(rules.select("http", "192.168.1.7", 9100));
        assertNull(rules.select("http", "x.wild.test", 80));
        assertNull(rules.select("https", "special.test", 8443));
        assertEquals("proxy.test", rules.select("https", "special.test", 443).host(), "the port must match");
        assertNull(rules.select("http", "[::2]", 80));
        assertNull(ProxyRules.of(new ProxyConfig("http://p:1", "*", false, Map.of())).select("http", "any.test", 80));

        Map<String, String> env = Map.of("https_proxy", "secure.test:8443", "HTTP_PROXY", "socks5://s.test",
                "NO_PROXY", "skip.test");
        ProxyRules fromEnv = ProxyRules.of(new ProxyConfig("", "", true, Map.of()), env::get);
        ProxyRules.Proxy https = fromEnv.select("https", "site.test", 443);
        assertEquals("http", https.scheme(), "a bare host:port is an http proxy");
        assertEquals(8443, https.port());
        assertEquals("socks5", fromEnv.select("http", "site.test", 80).scheme());
        assertEquals(1080, fromEnv.select("http", "site.test", 80).port());
        assertNull(fromEnv.select("http", "skip.test", 80));
        assertNull(fromEnv.select("http", "localhost", 80));

        HttpException e = assertThrows(HttpException.class,
                () -> ProxyRules.of(new ProxyConfig("ftp://p.test", "", false, Map.of())).check());
        assertEquals("proxyconnect tcp: unsupported proxy scheme \"ftp\"", e.getMessage());
        assertFalse(ProxyRules.of(ProxyConfig.NONE).select("http", "x.test", 80) != null);
        assertTrue(ProxyRules.of(url).select("https", "x.test", 443) != null);
    }
}
