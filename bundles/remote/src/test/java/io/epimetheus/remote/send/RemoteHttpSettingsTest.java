package io.epimetheus.remote.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.MetadataConfig;
import io.epimetheus.api.config.OAuth2;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.remote.testing.ReceiverHarness;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote write with every {@code http_client_config} setting scraping has: OAuth 2.0 against a
 * token endpoint, TLS {@code server_name} and versions, {@code no_proxy} and {@code
 * proxy_connect_header} are accepted; only cloud provider authentication is refused.
 */
class RemoteHttpSettingsTest {

    @TempDir
    Path dir;

    private static RemoteWriteConfig remoteWrite(String url, HttpClientConfig http, Map<String, Object> sigv4) {
        RemoteWriteConfig base = QueueManagerTest.config(url, List.of(), false);
        return new RemoteWriteConfig(url, base.remoteTimeout(), Map.of(), List.of(), "settings", false, false, false,
                RemoteWriteConfig.MESSAGE_V1, false, http, base.queue(), MetadataConfig.DEFAULT, sigv4, Map.of(), Map.of());
    }

    private static PrometheusConfig withRemoteWrite(RemoteWriteConfig rw) {
        PrometheusConfig e = PrometheusConfig.EMPTY;
        return new PrometheusConfig(e.file(), e.global(), e.ruleFiles(), e.scrapeConfigFiles(), e.scrapeConfigs(),
                e.alerting(), List.of(rw), e.remoteRead(), e.storage(), e.tracing(), e.otlp(), e.runtime());
    }

    private static OAuth2 oauth2(String tokenUrl) {
        return new OAuth2("sender", new Secret("pw"), "", List.of("write"), tokenUrl, Map.of(), "", "", new Secret(""),
                "", "", "", "", Map.of(), TlsConfig.DEFAULT, ProxyConfig.NONE);
    }

    @Test
    void everyHttpClientSettingIsAcceptedButCloudAuthentication() {
        TlsConfig tls = new TlsConfig("", "", new Secret(""), "", "", "", "remote.test", false, "TLS12", "TLS13");
        ProxyConfig proxy = new ProxyConfig("http://127.0.0.1:3128", "internal.test,10.0.0.0/8", false,
                Map.of("X-Proxy-Token", List.of(new Secret("abc"))));
        HttpClientConfig http = new HttpClientConfig(null, null, oauth2("http://127.0.0.1:1/token"), tls, true, true,
                proxy, Map.of());
        RemoteWriteService service = new RemoteWriteService();
        service.activate();
        try {
            service.configChanged(withRemoteWrite(remoteWrite("https://remote.test/api/v1/write", http, Map.of())));
            ConfigException e = assertThrows(ConfigException.class, () -> service.configChanged(withRemoteWrite(
                    remoteWrite("https://aps.test/api/v1/remote_write", HttpClientConfig.DEFAULT,
                            Map.of("region", "eu-west-1")))));
            assertEquals("remote_write settings (https://aps.test/api/v1/remote_write): sigv4 is cloud provider"
                    + " authentication, which Epimetheus does not support; remove it, or send through a proxy that"
                    + " authenticates the requests", e.getMessage());
            Path missing = dir.resolve("missing-ca.pem");
            HttpClientConfig badCa = new HttpClientConfig(null, null, null, new TlsConfig("", "", new Secret(""),
                    missing.toString(), "", "", "", false, "", ""), true, true, ProxyConfig.NONE, Map.of());
            e = assertThrows(ConfigException.class, () -> service.configChanged(withRemoteWrite(
                    remoteWrite("https://other.test/api/v1/write", badCa, Map.of()))));
            assertEquals("remote_write settings (https://other.test/api/v1/write): unable to read CA cert: unable to"
                    + " read file " + missing + ": open " + missing + ": no such file or directory", e.getMessage());
        } finally {
            service.deactivate();
        }
    }

    @Test
    void oauth2TokenAuthorizesTheWritesAndNoProxyBypassesTheProxy() throws Exception {
        List<String> tokenRequests = new CopyOnWriteArrayList<>();
        HttpServer tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/token", ex -> {
            try (ex) {
                tokenRequests.add(ex.getRequestHeaders().getFirst("Authorization") + " "
                        + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] b = "{\"access_token\":\"rw-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
        });
        tokens.start();
        try (ReceiverHarness rx = new ReceiverHarness(Labels.EMPTY)) {
            rx.requireAuthorization = "Bearer rw-token";
            // The proxy does not exist: the receiver is reached only because no_proxy leaves it out.
            ProxyConfig proxy = new ProxyConfig("http://127.0.0.1:1", "127.0.0.1", false, Map.of());
            HttpClientConfig http = new HttpClientConfig(null, null,
                    oauth2("http://127.0.0.1:" + tokens.getAddress().getPort() + "/token"), TlsConfig.DEFAULT, true,
                    true, proxy, Map.of());
            long start = System.currentTimeMillis() - 1000;
            Labels series = Labels.of("__name__", "oauth_sent", "job", "j");
            try (SenderHarness sender = new SenderHarness(dir.resolve("wal"),
                    remoteWrite(rx.url("/api/v1/write"), http, Map.of()), Labels.EMPTY, start)) {
                sender.series(1, series);
                for (int i = 0; i < 200; i++) {
                    sender.sample(1, start + i, i);
                }
                sender.awaitSent(200);
            }
            assertEquals(200, rx.storage.samples(series).size());
            assertEquals(1, tokenRequests.size(), "one token serves every batch");
            assertTrue(tokenRequests.get(0).startsWith("Basic c2VuZGVyOnB3 "), tokenRequests.get(0));
            assertTrue(tokenRequests.get(0).contains("grant_type=client_credentials"), tokenRequests.get(0));
        } finally {
            tokens.stop(0);
        }
    }
}
