package io.epimetheus.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code remote_write}.
 *
 * @param url the endpoint
 * @param remoteTimeout the request timeout (30s)
 * @param headers extra request headers
 * @param writeRelabelConfigs relabeling applied to series before sending
 * @param name the queue name, unique among remote write configs, or ""
 * @param sendExemplars whether exemplars are sent
 * @param sendNativeHistograms whether native histograms are sent
 * @param roundRobinDns whether to spread requests over the endpoint's DNS addresses
 * @param protobufMessage {@code prometheus.WriteRequest} (1.0) or {@code io.prometheus.write.v2.Request} (2.0)
 * @param failedRequestLogging whether failed 2.0 requests are logged
 * @param httpClient how to connect (redirects followed, HTTP/2 off by default)
 * @param queue the queue settings
 * @param metadata the metadata sending settings
 * @param sigv4 AWS SigV4 settings as parsed, empty when not configured
 * @param azuread Azure AD settings as parsed, empty when not configured
 * @param googleIam Google IAM settings as parsed, empty when not configured
 */
public record RemoteWriteConfig(String url, Duration remoteTimeout, Map<String, String> headers,
        List<RelabelConfig> writeRelabelConfigs, String name, boolean sendExemplars, boolean sendNativeHistograms,
        boolean roundRobinDns, String protobufMessage, boolean failedRequestLogging, HttpClientConfig httpClient,
        QueueConfig queue, MetadataConfig metadata, Map<String, Object> sigv4, Map<String, Object> azuread,
        Map<String, Object> googleIam) {

    /** The remote write 1.0 message. */
    public static final String MESSAGE_V1 = "prometheus.WriteRequest";
    /** The remote write 2.0 message. */
    public static final String MESSAGE_V2 = "io.prometheus.write.v2.Request";

    public RemoteWriteConfig {
        headers = Map.copyOf(headers);
        writeRelabelConfigs = List.copyOf(writeRelabelConfigs);
        sigv4 = Map.copyOf(sigv4);
        azuread = Map.copyOf(azuread);
        googleIam = Map.copyOf(googleIam);
    }
}
