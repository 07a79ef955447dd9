package io.epimetheus.api.config;

import java.util.List;
import java.util.Map;

/**
 * The proxy fields of an HTTP client configuration.
 *
 * @param proxyUrl the proxy, or ""
 * @param noProxy comma-separated hosts, domains and CIDRs that bypass {@code proxyUrl}, or ""
 * @param proxyFromEnvironment whether to use {@code HTTP_PROXY}/{@code HTTPS_PROXY}/{@code NO_PROXY}
 * @param proxyConnectHeader headers sent to the proxy on {@code CONNECT}
 */
public record ProxyConfig(String proxyUrl, String noProxy, boolean proxyFromEnvironment,
        Map<String, List<Secret>> proxyConnectHeader) {

    /** No proxy. */
    public static final ProxyConfig NONE = new ProxyConfig("", "", false, Map.of());

    public ProxyConfig {
        proxyConnectHeader = Map.copyOf(proxyConnectHeader);
    }
}
