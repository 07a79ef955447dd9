package io.epimetheus.remote.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS to a remote endpoint with a self-signed certificate made by openssl. */
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

    private static HttpClientConfig tls(TlsConfig t) {
        return new HttpClientConfig(null, null, null, t, true, false, ProxyConfig.NONE, Map.of());
    }

    @Test
    void trustsTheConfiguredCaAndRejectsUnknownServers() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        openssl("pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "server.p12", "-passout", "pass:pw");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            ks.load(in, "pw".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
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
}
