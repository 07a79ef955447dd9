package io.epimetheus.remote.client;

import io.epimetheus.api.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} of a {@code tls_config}: CA certificates (inline or file) as the
 * trust store, a client certificate with a PKCS#8 PEM key, or no verification at all for {@code
 * insecure_skip_verify}. Fields it cannot honour are reported by {@link #unsupported}.
 */
final class Tls {

    private Tls() {
    }

    /** Whether the configuration needs a context of its own (else the JVM default applies). */
    static boolean custom(TlsConfig t) {
        return !t.ca().isEmpty() || !t.caFile().isEmpty() || !t.cert().isEmpty() || !t.certFile().isEmpty()
                || t.insecureSkipVerify();
    }

    /** The first field that is set but not supported, or {@code null}. */
    static String unsupported(TlsConfig t) {
        if (!t.serverName().isEmpty()) {
            return "tls_config.server_name";
        }
        if (!t.minVersion().isEmpty() || !t.maxVersion().isEmpty()) {
            return "tls_config.min_version/max_version";
        }
        return null;
    }

    static SSLContext context(TlsConfig t) throws IOException {
        try {
            TrustManager[] trust = null;
            if (t.insecureSkipVerify()) {
                trust = new TrustManager[] {new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    }

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                }};
            } else if (!t.ca().isEmpty() || !t.caFile().isEmpty()) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : certificates(pem(t.ca(), t.caFile()))) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                trust = tmf.getTrustManagers();
            }
            javax.net.ssl.KeyManager[] keys = null;
            if (!t.cert().isEmpty() || !t.certFile().isEmpty()) {
                Collection<? extends Certificate> chain = certificates(pem(t.cert(), t.certFile()));
                PrivateKey key = privateKey(pem(t.key().value(), t.keyFile()));
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                ks.setKeyEntry("client", key, new char[0], chain.toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
                keys = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("tls_config: " + e.getMessage(), e);
        }
    }

    private static String pem(String inline, String file) throws IOException {
        return inline.isEmpty() ? Files.readString(Path.of(file), StandardCharsets.US_ASCII) : inline;
    }

    private static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException, IOException {
        String begin = "-----BEGIN PRIVATE KEY-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf("-----END PRIVATE KEY-----");
        if (b < 0 || e < 0) {
            throw new IOException("tls_config: the client key must be an unencrypted PKCS#8 PEM key"
                    + " (-----BEGIN PRIVATE KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        List<GeneralSecurityException> errors = new ArrayList<>();
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ex) {
                errors.add(ex);
            }
        }
        throw new IOException("tls_config: unsupported client key type: " + errors.get(0).getMessage());
    }
}
