package io.epimetheus.scrape.http;

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
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds {@link SSLContext}s from a {@code tls_config}: CA certificates and client certificate and
 * key as PEM (inline or files); keys in PKCS#8, PKCS#1 (RSA) or SEC1 (EC) form.
 */
final class TlsContexts {

    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {
    }

    static SSLContext create(TlsConfig c) throws IOException, GeneralSecurityException {
        TrustManager[] trust = null;
        if (c.insecureSkipVerify()) {
            trust = new TrustManager[] {new TrustAll()};
        } else {
            String ca = pem(c.ca(), c.caFile());
            if (!ca.isEmpty()) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate cert : certificates(ca)) {
                    ks.setCertificateEntry("ca" + i++, cert);
                }
                if (i == 0) {
                    throw new GeneralSecurityException("no CA certificate found in " + describe(c.caFile()));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                trust = tmf.getTrustManagers();
            }
        }
        KeyManager[] keys = null;
        String cert = pem(c.cert(), c.certFile());
        if (!cert.isEmpty()) {
            String key = pem(c.key().value(), c.keyFile());
            Collection<? extends Certificate> chain = certificates(cert);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", privateKey(key), NO_PASSWORD, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            keys = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, trust, null);
        return ctx;
    }

    /** The TLS protocol names from {@code min_version}/{@code max_version} (TLS10..TLS13), or {@code null} for the JDK's defaults. */
    static String[] protocols(TlsConfig c) {
        if (c.minVersion().isEmpty() && c.maxVersion().isEmpty()) {
            return null;
        }
        int min = c.minVersion().isEmpty() ? 2 : c.minVersion().charAt(4) - '0';
        int max = c.maxVersion().isEmpty() ? 3 : c.maxVersion().charAt(4) - '0';
        List<String> out = new ArrayList<>();
        for (int v = min; v <= max; v++) {
            out.add(v == 0 ? "TLSv1" : "TLSv1." + v);
        }
        return out.toArray(new String[0]);
    }

    private static String pem(String inline, String file) throws IOException {
        if (!inline.isEmpty()) {
            return inline;
        }
        if (file.isEmpty()) {
            return "";
        }
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    private static Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String type = null;
        StringBuilder b64 = new StringBuilder();
        for (String line : pem.split("\r?\n")) {
            if (line.startsWith("-----BEGIN ") && line.endsWith(" PRIVATE KEY-----") && type == null) {
                type = line.substring(11, line.length() - 17).trim();
            } else if (line.startsWith("-----END ")) {
                break;
            } else if (type != null && !line.contains(":")) {
                b64.append(line.trim());
            }
        }
        if (type == null) {
            throw new GeneralSecurityException("no private key found in the client key PEM");
        }
        byte[] der = Base64.getDecoder().decode(b64.toString());
        switch (type) {
            case "" -> {
                return pkcs8(der, "RSA", "EC", "Ed25519", "Ed448");
            }
            case "RSA" -> {
                return pkcs8(Der.wrapPkcs8(Der.RSA_ENCRYPTION, null, der), "RSA");
            }
            case "EC" -> {
                return pkcs8(Der.wrapPkcs8(Der.EC_PUBLIC_KEY, Der.ecCurveOf(der), der), "EC");
            }
            default -> throw new GeneralSecurityException("unsupported private key type \"" + type + " PRIVATE KEY\"");
        }
    }

    private static PrivateKey pkcs8(byte[] der, String... algorithms) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : algorithms) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static String describe(String file) {
        return file.isEmpty() ? "ca" : file;
    }

    /** {@code insecure_skip_verify}: accepts any server certificate. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Client certificates are not checked by a client.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // insecure_skip_verify: every server certificate is accepted.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
