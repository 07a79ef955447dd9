package io.epimetheus.http.security;

import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** EC certificates with chosen subject alternative names, made in the test. */
final class TestCerts {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key. */
    record Issued(X509Certificate cert, PrivateKey key) {
    }

    private TestCerts() {
    }

    /** A self-signed certificate with these SANs. */
    static X509Certificate withSans(GeneralName... sans) throws Exception {
        return issue("CN=client", null, false, sans).cert();
    }

    /** A CA that can sign client certificates. */
    static Issued ca() throws Exception {
        return issue("CN=test client CA", null, true);
    }

    /** A certificate signed by {@code issuer} (self-signed when it is null). */
    static Issued issue(String subjectDn, Issued issuer, boolean ca, GeneralName... sans) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        X500Name subject = new X500Name(subjectDn);
        X500Name issuerName = issuer == null ? subject : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), subject, kp.getPublic());
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
        }
        if (sans.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        PrivateKey signer = issuer == null ? kp.getPrivate() : issuer.key();
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        return new Issued(cert, kp.getPrivate());
    }

    /**
     * A client TLS context that trusts the test server certificate ({@code server.crt}) and, when
     * {@code id} is given, presents it as the client certificate.
     */
    static SSLContext trustingTestServer(Issued id) throws Exception {
        KeyManager[] keyManagers = null;
        if (id != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", id.key(), "pw".toCharArray(), new Certificate[] {id.cert()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "pw".toCharArray());
            keyManagers = kmf.getKeyManagers();
        }
        X509Certificate serverCert;
        try (InputStream in = Files.newInputStream(WebConfigLoaderTest.resource("server.crt"))) {
            serverCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", serverCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers, tmf.getTrustManagers(), null);
        return tls;
    }

    /** An HTTPS client over {@link #trustingTestServer}, without host name checks (server.crt does not name 127.0.0.1). */
    static HttpClient httpsClient(Issued id) throws Exception {
        SSLParameters params = new SSLParameters();
        params.setEndpointIdentificationAlgorithm("");
        return HttpClient.newBuilder().sslContext(trustingTestServer(id)).sslParameters(params).build();
    }

    static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }
}
