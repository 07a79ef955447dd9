package io.epimetheus.api.config;

import java.util.List;
import java.util.Map;

/**
 * {@code oauth2}: obtain a token with the client-credentials grant (or a JWT bearer grant) and send
 * it as a bearer token.
 *
 * @param clientId the client id
 * @param clientSecret the client secret, or an empty secret
 * @param clientSecretFile a file holding the client secret, or ""
 * @param scopes requested scopes
 * @param tokenUrl the token endpoint
 * @param endpointParams extra form parameters for the token request
 * @param grantType {@code ""} (client credentials) or {@code urn:ietf:params:oauth:grant-type:jwt-bearer}
 * @param clientCertificateKeyId the key id of the JWT signing key, or ""
 * @param clientCertificateKey the JWT signing key (PEM), or an empty secret
 * @param clientCertificateKeyFile a file holding the JWT signing key, or ""
 * @param signatureAlgorithm {@code RS256}, {@code RS384} or {@code RS512}, or ""
 * @param iss the JWT issuer, or ""
 * @param audience the JWT audience, or ""
 * @param claims extra JWT claims
 * @param tls TLS settings for the token endpoint
 * @param proxy proxy settings for the token endpoint
 */
public record OAuth2(String clientId, Secret clientSecret, String clientSecretFile, List<String> scopes,
        String tokenUrl, Map<String, String> endpointParams, String grantType, String clientCertificateKeyId,
        Secret clientCertificateKey, String clientCertificateKeyFile, String signatureAlgorithm, String iss,
        String audience, Map<String, Object> claims, TlsConfig tls, ProxyConfig proxy) {

    /** The JWT bearer grant type. */
    public static final String GRANT_TYPE_JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public OAuth2 {
        scopes = List.copyOf(scopes);
        endpointParams = Map.copyOf(endpointParams);
        claims = Map.copyOf(claims);
    }
}
