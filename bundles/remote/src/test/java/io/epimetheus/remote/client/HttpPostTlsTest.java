package io.epimetheus.remote.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import io.epimetheus.httpclient.HttpException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to a remote endpoint with self-signed certificates made by openssl: CA, {@code
 * insecure_skip_verify}, {@code server_name} (SNI) and TLS versions.
 */
class HttpPostTlsTest {

    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl failed: " + out);
        }
    }

    /** A server context with a self-signed certificate ({@code cert.pem} in {@link #dir}) for {@code cn} and {@code san}. */
    private SSLContext selfSigned(String cn, String san) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
                "-subj", "/CN=" + cn, "-addext", "subjectAltName=" + san);
        openssl("pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "server.p12", "-passout", "pass:pw");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            ks.load(in, "pw".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static HttpClientConfig tls(TlsConfig t) {
        return new HttpClientConfig(null, null, null, t, true, false, ProxyConfig.NONE, Map.of());
    }

    @Test
    void trustsTheConfiguredCaAndRejectsUnknownServers() throws Exception {
        SSLContext ctx = selfSigned("localhost", "IP:127.0.0.1,DNS:localhost");
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/api/v1/write", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
            byte[] body = {0};
            TlsConfig withCa = new TlsConfig("", "", new Secret(""), dir.resolve("cert.pem").toString(), "", "", "",
                    false, "", "");
            assertEquals(204, new HttpPost(url, Duration.ofSeconds(5), Map.of(), tls(withCa)).postWrite(body, 1, false)
                    .status());
            TlsConfig insecure = new TlsConfig("", "", new Secret(""), "", "", "", "", true, "", "");
            assertEquals(204, new HttpPost(url, Duration.ofSeconds(5), Map.of(), tls(insecure)).postWrite(body, 1, false)
                    .status());
            HttpException e = assertThrows(HttpException.class,
                    () -> new HttpPost(url, Duration.ofSeconds(5), Map.of(), tls(TlsConfig.DEFAULT)).postWrite(body, 1, false));
            assertInstanceOf(SSLHandshakeException.class, e.getCause());
            assertEquals("Post \"" + url + "\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
                    e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serverNameIsSentAsSniAndMinimumVersionIsKept() throws Exception {
        SSLContext ctx = selfSigned("remote.test", "DNS:remote.test");
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // A receiver behind a name-based TLS front: TLS 1.3 only, and it serves remote.test alone.
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3"});
                params.setSSLParameters(p);
            }
        });
        List<String> seen = new CopyOnWriteArrayList<>();
        server.createContext("/api/v1/write", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) ex).getSSLSession();
                String sni = session.getRequestedServerNames().stream()
                        .map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse("");
                seen.add(sni + " " + session.getProtocol());
                ex.sendResponseHeaders(sni.equals("remote.test") ? 204 : 421, -1);
            }
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
            byte[] body = {0};
            String ca = dir.resolve("cert.pem").toString();
            TlsConfig sni = new TlsConfig("", "", new Secret(""), ca, "", "", "remote.test", false, "TLS13", "");
            assertEquals(204, new HttpPost(url, Duration.ofSeconds(5), Map.of(), tls(sni)).postWrite(body, 1, false)
                    .status());
            assertEquals(List.of("remote.test TLSv1.3"), seen);
            TlsConfig tls12 = new TlsConfig("", "", new Secret(""), ca, "", "", "remote.test", false, "", "TLS12");
            HttpException e = assertThrows(HttpException.class,
                    () -> new HttpPost(url, Duration.ofSeconds(5), Map.of(), tls(tls12)).postWrite(body, 1, false));
            assertTrue(e.getMessage().startsWith("Post \"" + url + "\": tls: "), e.getMessage());
            TlsConfig noName = new TlsConfig("", "", new Secret(""), ca, "", "", "", true, "TLS13", "");
            assertEquals(421, new HttpPost(url, Duration.ofSeconds(5), Map.of(), tls(noName)).postWrite(body, 1, false)
                    .status(), "without server_name no SNI is sent for an IP address");
        } finally {
            server.stop(0);
        }
    }
}
