package io.epimetheus.scrape.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import io.epimetheus.httpclient.HttpClient;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scraping over TLS with a private CA, insecure_skip_verify and server_name, against a keytool-made certificate. */
class TlsTest {

    @TempDir
    Path dir;

    private void keytool(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    private static HttpClientConfig tls(TlsConfig t) {
        return new HttpClientConfig(null, null, null, t, true, true, ProxyConfig.NONE, Map.of());
    }

    private static TlsConfig tlsConfig(String caFile, String serverName, boolean insecure) {
        return new TlsConfig("", "", new Secret(""), caFile, "", "", serverName, insecure, "", "");
    }

    @Test
    void verifiesTheServerAgainstTheConfiguredCa() throws Exception {
        Path ks = dir.resolve("server.p12");
        Path ca = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=metrics.test",
                "-ext", "SAN=dns:metrics.test,ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(),
                "-storepass", "changeit", "-storetype", "PKCS12");
        keytool("-exportcert", "-rfc", "-alias", "srv", "-keystore", ks.toString(), "-storepass", "changeit",
                "-file", ca.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/metrics", ex -> {
            byte[] out = "secure 1\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
        try {
            try (TargetConnection c = new TargetConnection(new HttpClient(tls(tlsConfig(ca.toString(), "", false))))) {
                c.fetch(url, "*/*", true, "10", 10_000_000_000L, 0);
                assertEquals("secure 1\n", new String(c.body().array(), 0, c.body().length(), StandardCharsets.UTF_8));
            }
            try (TargetConnection c = new TargetConnection(new HttpClient(tls(tlsConfig(ca.toString(), "metrics.test", false))))) {
                c.fetch(url, "*/*", true, "10", 10_000_000_000L, 0);
            }
            try (TargetConnection c = new TargetConnection(new HttpClient(tls(tlsConfig(ca.toString(), "other.test", false))))) {
                ScrapeException e = assertThrows(ScrapeException.class,
                        () -> c.fetch(url, "*/*", true, "10", 10_000_000_000L, 0));
                assertTrue(e.getMessage().contains("tls:"), e.getMessage());
            }
            try (TargetConnection c = new TargetConnection(new HttpClient(tls(TlsConfig.DEFAULT)))) {
                ScrapeException e = assertThrows(ScrapeException.class,
                        () -> c.fetch(url, "*/*", true, "10", 10_000_000_000L, 0));
                assertTrue(e.getMessage().contains("tls:"), e.getMessage());
            }
            try (TargetConnection c = new TargetConnection(new HttpClient(tls(tlsConfig("", "", true))))) {
                c.fetch(url, "*/*", true, "10", 10_000_000_000L, 0);
            }
        } finally {
            server.stop(0);
        }
    }
}
