package io.epimetheus.api.config;

/**
 * {@code tls_config}: how to verify the server and which client certificate to present. Inline
 * PEM text and files are alternatives; empty strings mean "not set". File paths are absolute.
 *
 * @param ca PEM text of the CA certificates, or ""
 * @param cert PEM text of the client certificate, or ""
 * @param key PEM text of the client key, or an empty secret
 * @param caFile file of the CA certificates, or ""
 * @param certFile file of the client certificate, or ""
 * @param keyFile file of the client key, or ""
 * @param serverName the name to verify the server certificate against (SNI), or ""
 * @param insecureSkipVerify whether to skip server certificate verification
 * @param minVersion the minimum TLS version ({@code TLS10} .. {@code TLS13}), or ""
 * @param maxVersion the maximum TLS version, or ""
 */
public record TlsConfig(String ca, String cert, Secret key, String caFile, String certFile, String keyFile,
        String serverName, boolean insecureSkipVerify, String minVersion, String maxVersion) {

    /** Nothing configured: system trust store, no client certificate. */
    public static final TlsConfig DEFAULT = new TlsConfig("", "", new Secret(""), "", "", "", "", false, "", "");
}
