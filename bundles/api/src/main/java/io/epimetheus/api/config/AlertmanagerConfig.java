package io.epimetheus.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code alerting.alertmanagers}: how to discover and reach a set of Alertmanagers.
 *
 * @param httpClient how to connect
 * @param sigv4 AWS SigV4 signing settings as parsed, empty when not configured
 * @param scheme {@code http} or {@code https}
 * @param pathPrefix prefix of the push endpoint path
 * @param timeout the timeout for sending alerts (10s)
 * @param apiVersion the Alertmanager API version ({@code v2})
 * @param relabelConfigs relabeling of discovered Alertmanager targets
 * @param alertRelabelConfigs relabeling of alerts sent to these Alertmanagers
 * @param serviceDiscoveryConfigs every {@code static_configs} and {@code <type>_sd_configs} entry
 */
public record AlertmanagerConfig(HttpClientConfig httpClient, Map<String, Object> sigv4, String scheme,
        String pathPrefix, Duration timeout, String apiVersion, List<RelabelConfig> relabelConfigs,
        List<RelabelConfig> alertRelabelConfigs, List<SdConfig> serviceDiscoveryConfigs) {

    public AlertmanagerConfig {
        sigv4 = Map.copyOf(sigv4);
        relabelConfigs = List.copyOf(relabelConfigs);
        alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
        serviceDiscoveryConfigs = List.copyOf(serviceDiscoveryConfigs);
    }
}
