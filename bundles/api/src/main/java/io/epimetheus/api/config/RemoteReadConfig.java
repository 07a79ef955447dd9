package io.epimetheus.api.config;

import java.time.Duration;
import java.util.Map;

/**
 * One entry of {@code remote_read}.
 *
 * @param url the endpoint
 * @param remoteTimeout the request timeout (1m)
 * @param chunkedReadLimit the maximum size of a streamed response frame in bytes (50 MB)
 * @param headers extra request headers
 * @param readRecent whether to read data that local storage also holds
 * @param name the reader name, unique among remote read configs, or ""
 * @param httpClient how to connect
 * @param requiredMatchers equality matchers a selector must contain for this endpoint to be queried
 * @param filterExternalLabels whether external labels are added as matchers (true)
 */
public record RemoteReadConfig(String url, Duration remoteTimeout, long chunkedReadLimit,
        Map<String, String> headers, boolean readRecent, String name, HttpClientConfig httpClient,
        Map<String, String> requiredMatchers, boolean filterExternalLabels) {

    public RemoteReadConfig {
        headers = Map.copyOf(headers);
        requiredMatchers = Map.copyOf(requiredMatchers);
    }
}
