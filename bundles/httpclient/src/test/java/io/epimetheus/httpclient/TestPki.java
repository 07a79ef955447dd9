package io.epimetheus.httpclient;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * A private CA made with openssl: a server certificate for {@code server.test}, {@code localhost}
 * and 127.0.0.1, and client certificates with keys in every PEM form Prometheus accepts: PKCS#8,
 * PKCS#1 RSA and SEC1 EC (after an {@code EC PARAMETERS} block, as {@code openssl ecparam -genkey}
 * writes it).
 */
final class TestPki {

    final Path dir;
    final Path ca;
    final Path serverCert;
    final Path clientCert;
    final Path clientKeyPkcs8;
    final Path clientKeyPkcs1;
    final Path clientEcCert;
    final Path clientEcKey;
    final Path otherKey;

    TestPki(Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        this.dir = dir;
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:server.test,DNS:localhost,IP:127.0.0.1\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=server.test");
        sign("server", "server.ext");
        openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12",
                "-passout", "pass:pw");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
                "-subj", "/CN=client-rsa");
        sign("client", null);
        openssl("rsa", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "client-ec.key");
        openssl("req", "-new", "-key", "client-ec.key", "-out", "client-ec.csr", "-subj", "/CN=client-ec");
        sign("client-ec", null);
        openssl("genrsa", "-out", "other.key", "2048");
        ca = dir.resolve("ca.pem");
        serverCert = dir.resolve("server.pem");
        clientCert = dir.resolve("client.pem");
        clientKeyPkcs8 = dir.resolve("client.key");
        clientKeyPkcs1 = dir.resolve("client-pkcs1.key");
        clientEcCert = dir.resolve("client-ec.pem");
        clientEcKey = dir.resolve("client-ec.key");
        otherKey = dir.resolve("other.key");
        assertTrue(Files.readString(clientKeyPkcs1).contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(Files.readString(clientEcKey).contains("BEGIN EC PARAMETERS"));
        assertTrue(Files.readString(clientKeyPkcs8).contains("BEGIN PRIVATE KEY"));
    }

    private void sign(String name, String ext) throws Exception {
        if (ext == null) {
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2");
        } else {
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2", "-extfile", ext);
        }
    }

    private void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** The server's context: its certificate, and the CA to check client certificates against. */
    SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            ks.load(in, "pw".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
