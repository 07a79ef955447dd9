package io.epimetheus.api.config;

import java.util.Map;

/**
 * The HTTP client settings shared by scrape configs, Alertmanager configs, remote write and remote
 * read ({@code basic_auth}, {@code authorization}, {@code oauth2}, {@code tls_config}, proxy fields,
 * {@code follow_redirects}, {@code enable_http2}, {@code http_headers}). At most one of basic auth,
 * authorization and OAuth2 is set; {@code bearer_token} and {@code bearer_token_file} load as
 * {@link Authorization} of type {@code Bearer}.
 *
 * @param basicAuth basic authentication, or {@code null}
 * @param authorization an authorization header, or {@code null}
 * @param oauth2 OAuth 2.0, or {@code null}
 * @param tls TLS settings
 * @param followRedirects whether to follow 3xx redirects
 * @param enableHttp2 whether HTTP/2 may be negotiated
 * @param proxy proxy settings
 * @param httpHeaders extra request headers by name
 */
public record HttpClientConfig(BasicAuth basicAuth, Authorization authorization, OAuth2 oauth2, TlsConfig tls,
        boolean followRedirects, boolean enableHttp2, ProxyConfig proxy, Map<String, HttpHeader> httpHeaders) {

    /** Prometheus's default: no authentication, follow redirects, HTTP/2 enabled. */
    public static final HttpClientConfig DEFAULT =
            new HttpClientConfig(null, null, null, TlsConfig.DEFAULT, true, true, ProxyConfig.NONE, Map.of());

    public HttpClientConfig {
        httpHeaders = Map.copyOf(httpHeaders);
    }
}
