package io.epimetheus.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against servers of a private CA: verification, SNI, versions, client certificates, file rotation. */
class TlsTest {

    private static final long TIMEOUT = 10_000_000_000L;

    @TempDir
    Path dir;
    private TestPki pki;

    @BeforeEach
    void pki() throws Exception {
        pki = new TestPki(dir);
    }

    private static TlsConfig tls(String caFile, String certFile, String keyFile, String serverName, boolean insecure,
            String min, String max) {
        return new TlsConfig("", "", new Secret(""), caFile, certFile, keyFile, serverName, insecure, min, max);
    }

    private static HttpClient client(TlsConfig t) {
        return new HttpClient(new HttpClientConfig(null, null, null, t, true, true, ProxyConfig.NONE, Map.of()));
    }

    private static void get(HttpClient client, String url) throws HttpException {
        try (HttpConnection c = client.newConnection()) {
            assertEquals(200, c.send("GET", url, RequestHeaders.NONE, null, 0, 0, TIMEOUT));
            c.discardBody();
        }
    }

    @Test
    void verifiesAgainstTheCaAndServerNameWithSni() throws Exception {
        try (TestServer server = new TestServer(pki.serverContext(), false, r -> TestServer.Response.ok("ok"))) {
            String byIp = server.url("/m");
            String byName = "https://localhost:" + server.port() + "/m";
            get(client(tls(pki.ca.toString(), "", "", "", false, "", "")), byIp);
            assertNull(server.requests.get(0).sni(), "no SNI for an IP address");
            get(client(tls(pki.ca.toString(), "", "", "", false, "", "")), byName);
            assertEquals("localhost", server.requests.get(1).sni());
            get(client(tls(pki.ca.toString(), "", "", "server.test", false, "", "")), byIp);
            assertEquals("server.test", server.requests.get(2).sni(), "server_name is sent as SNI");

            HttpException e = assertThrows(HttpException.class,
                    () -> get(client(tls(pki.ca.toString(), "", "", "other.test", false, "", "")), byIp));
            assertTrue(e.getMessage().startsWith("Get \"" + byIp + "\": tls: failed to verify certificate: x509: "),
                    e.getMessage());
            e = assertThrows(HttpException.class, () -> get(client(TlsConfig.DEFAULT), byIp));
            assertEquals("Get \"" + byIp + "\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
                    e.getMessage());
            get(client(tls("", "", "", "", true, "", "")), byIp);
            get(client(tls("", "", "", "other.test", true, "", "")), byIp);
        }
    }

    @Test
    void minAndMaxVersion() throws Exception {
        try (TestServer tls12 = new TestServer(pki.serverContext(), false, new String[] {"TLSv1.2"},
                r -> TestServer.Response.ok("ok"));
                TestServer any = new TestServer(pki.serverContext(), false, r -> TestServer.Response.ok("ok"))) {
            String ca = pki.ca.toString();
            get(client(tls(ca, "", "", "", false, "", "")), tls12.url("/"));
            assertEquals("TLSv1.2", tls12.requests.get(0).protocol());
            HttpException e = assertThrows(HttpException.class,
                    () -> get(client(tls(ca, "", "", "", false, "TLS13", "")), tls12.url("/")));
            assertTrue(e.getMessage().contains("tls: "), e.getMessage());
            get(client(tls(ca, "", "", "", false, "", "")), any.url("/"));
            assertEquals("TLSv1.3", any.requests.get(0).protocol());
            get(client(tls(ca, "", "", "", false, "TLS12", "TLS12")), any.url("/"));
            assertEquals("TLSv1.2", any.requests.get(1).protocol());
            e = assertThrows(HttpException.class, () -> client(tls(ca, "", "", "", false, "TLS13", "TLS12")).check());
            assertEquals("tls_config.max_version must be greater than or equal to tls_config.min_version if both are specified",
                    e.getMessage());
        }
    }

    @Test
    void clientCertificatesInEveryKeyForm() throws Exception {
        try (TestServer server = new TestServer(pki.serverContext(), true, r -> TestServer.Response.ok("ok"))) {
            String ca = pki.ca.toString();
            String url = server.url("/");
            get(client(tls(ca, pki.clientCert.toString(), pki.clientKeyPkcs8.toString(), "", false, "", "")), url);
            get(client(tls(ca, pki.clientCert.toString(), pki.clientKeyPkcs1.toString(), "", false, "", "")), url);
            get(client(tls(ca, pki.clientEcCert.toString(), pki.clientEcKey.toString(), "", false, "", "")), url);
            assertEquals("CN=client-rsa", server.requests.get(0).clientSubject());
            assertEquals("CN=client-rsa", server.requests.get(1).clientSubject());
            assertEquals("CN=client-ec", server.requests.get(2).clientSubject());
            // Inline PEM works the same as files.
            TlsConfig inline = new TlsConfig(Files.readString(pki.ca), Files.readString(pki.clientEcCert),
                    new Secret(Files.readString(pki.clientEcKey)), "", "", "", "", false, "", "");
            get(client(inline), url);
            assertEquals("CN=client-ec", server.requests.get(3).clientSubject());

            HttpException e = assertThrows(HttpException.class,
                    () -> client(tls(ca, pki.clientCert.toString(), pki.otherKey.toString(), "", false, "", "")).check());
            assertEquals("unable to use specified client cert (" + pki.clientCert + ") & key (" + pki.otherKey
                    + "): tls: private key does not match public key", e.getMessage());
            e = assertThrows(HttpException.class,
                    () -> client(tls(ca, pki.clientCert.toString(), pki.clientCert.toString(), "", false, "", "")).check());
            assertEquals("unable to use specified client cert (" + pki.clientCert + ") & key (" + pki.clientCert
                    + "): tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping"
                    + " PEM blocks of the following types: [CERTIFICATE]", e.getMessage());
            Path missing = dir.resolve("missing.pem");
            e = assertThrows(HttpException.class, () -> client(tls(missing.toString(), "", "", "", false, "", "")).check());
            assertEquals("unable to read CA cert: unable to read file " + missing + ": open " + missing
                    + ": no such file or directory", e.getMessage());
            e = assertThrows(HttpException.class,
                    () -> client(tls(pki.clientKeyPkcs8.toString(), "", "", "", false, "", "")).check());
            assertEquals("unable to use specified CA cert " + pki.clientKeyPkcs8, e.getMessage());
        }
    }

    @Test
    void rotatedCaFileIsUsedForNewConnections() throws Exception {
        Path caFile = dir.resolve("rotating-ca.pem");
        Files.writeString(caFile, Files.readString(pki.clientCert));
        HttpClient client = client(tls(caFile.toString(), "", "", "", false, "", ""));
        try (TestServer server = new TestServer(pki.serverContext(), false, r -> TestServer.Response.ok("ok"))) {
            assertThrows(HttpException.class, () -> get(client, server.url("/")));
            Path next = dir.resolve("next.pem");
            Files.copy(pki.ca, next);
            Files.move(next, caFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            get(client, server.url("/"));
        }
    }
}
