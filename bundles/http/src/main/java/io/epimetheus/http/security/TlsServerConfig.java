package io.epimetheus.http.security;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The validated {@code tls_server_config} of a web configuration file, with the certificate chain,
 * key and client CAs already loaded from their PEM files or inline text.
 *
 * @param chain the server certificate chain, leaf first
 * @param key the server's private key
 * @param clientAuth how client certificates are treated
 * @param clientCas the CAs client certificates are verified against (empty: the JVM's default trust)
 * @param protocols the TLS protocol versions to enable, as JSSE names them ({@code TLSv1.2}, ...)
 * @param cipherSuites the cipher suites to enable, or empty for the JVM's defaults
 * @param clientAllowedSans {@code client_allowed_sans}: when not empty, a client certificate must
 *     carry one of these subject alternative names
 */
public record TlsServerConfig(List<X509Certificate> chain, PrivateKey key, ClientAuth clientAuth,
        List<X509Certificate> clientCas, List<String> protocols, List<String> cipherSuites,
        List<String> clientAllowedSans) {

    public TlsServerConfig {
        clientAllowedSans = List.copyOf(clientAllowedSans);
    }

    /** The {@code client_auth_type} values that Jetty can enforce. */
    public enum ClientAuth {
        /** {@code NoClientCert} (the default). */
        NONE,
        /** {@code VerifyClientCertIfGiven}: a certificate is optional but verified when presented. */
        VERIFY_IF_GIVEN,
        /** {@code RequireAndVerifyClientCert}: a verified certificate is required. */
        REQUIRE_AND_VERIFY
    }
}
