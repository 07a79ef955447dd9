package io.epimetheus.config.load;

import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.MetadataConfig;
import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.QueueConfig;
import io.epimetheus.api.config.RemoteReadConfig;
import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.config.TlsConfig;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import io.epimetheus.config.yaml.YamlNode.Scalar;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code remote_write} and {@code remote_read} sections. */
final class RemoteReader {

    private static final Set<String> WRITE_KEYS;
    private static final Set<String> READ_KEYS;
    private static final Set<String> QUEUE_KEYS = Set.of("capacity", "max_shards", "min_shards", "max_samples_per_send",
            "batch_send_deadline", "min_backoff", "max_backoff", "retry_on_http_429", "sample_age_limit");
    private static final Set<String> METADATA_KEYS = Set.of("send", "send_interval", "max_samples_per_send");
    private static final Set<String> AZUREAD_KEYS = Set.of("cloud", "managed_identity", "oauth", "sdk",
            "workload_identity", "scope");
    private static final Set<String> GOOGLE_IAM_KEYS = Set.of("credentials_file");
    private static final HttpClientConfig WRITE_HTTP_DEFAULT =
            new HttpClientConfig(null, null, null, TlsConfig.DEFAULT, true, false, ProxyConfig.NONE, Map.of());
    private static final String AUTH_HEADER_MESSAGE = "authorization header must be changed via the basic_auth, "
            + "authorization, oauth2, sigv4, azuread or google_iam parameter";
    private static final long DEFAULT_CHUNKED_READ_LIMIT = 50_000_000L;

    static {
        Set<String> w = new HashSet<>(HttpClientReader.KEYS);
        w.addAll(Set.of("url", "remote_timeout", "headers", "write_relabel_configs", "name", "send_exemplars",
                "send_native_histograms", "round_robin_dns", "protobuf_message", "failed_request_logging",
                "queue_config", "metadata_config", "sigv4", "azuread", "google_iam"));
        WRITE_KEYS = Set.copyOf(w);
        Set<String> r = new HashSet<>(HttpClientReader.KEYS);
        r.addAll(Set.of("url", "remote_timeout", "chunked_read_limit", "headers", "read_recent", "name",
                "required_matchers", "filter_external_labels"));
        READ_KEYS = Set.copyOf(r);
    }

    private RemoteReader() {
    }

    static List<RemoteWriteConfig> writes(List<YamlNode> items, NameValidationScheme scheme, FileResolver files) {
        List<RemoteWriteConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : items) {
            if (item instanceof Scalar s && s.isNull()) {
                throw Errors.at(item.line(), "empty or null remote write config section");
            }
            RemoteWriteConfig c = write(item, scheme, files);
            if (!c.name().isEmpty() && !names.add(c.name())) {
                throw Errors.at(item.line(), "found multiple remote write configs with job name " + GoStrings.quote(c.name()));
            }
            out.add(c);
        }
        return out;
    }

    private static RemoteWriteConfig write(YamlNode node, NameValidationScheme scheme, FileResolver files) {
        Section s = Section.of(node, "config.plain", WRITE_KEYS);
        String url = url(s, "url for remote_write is empty");
        List<RelabelReader.Parsed> relabel = RelabelReader.parseList(s.listOrEmpty("write_relabel_configs"),
                "empty or null relabeling rule in remote write config");
        Map<String, String> headers = s.stringMap("headers");
        Headers.validate(headers, s.line("headers"), AUTH_HEADER_MESSAGE);
        String message = s.string("protobuf_message", RemoteWriteConfig.MESSAGE_V1);
        if (!message.equals(RemoteWriteConfig.MESSAGE_V1) && !message.equals(RemoteWriteConfig.MESSAGE_V2)) {
            throw Errors.at(s.line("protobuf_message"), "invalid protobuf_message value: unknown type for remote write "
                    + "protobuf message " + message + ", supported: " + RemoteWriteConfig.MESSAGE_V1 + ", "
                    + RemoteWriteConfig.MESSAGE_V2);
        }
        HttpClientConfig http = HttpClientReader.read(s, files, WRITE_HTTP_DEFAULT);
        QueueConfig queue = queue(s);
        MetadataConfig metadata = metadata(s);
        Map<String, Object> sigv4 = AlertingReader.sigv4(s);
        Map<String, Object> azuread = opaque(s, "azuread", "azuread.AzureADConfig", AZUREAD_KEYS);
        Map<String, Object> googleIam = opaque(s, "google_iam", "googleiam.Config", GOOGLE_IAM_KEYS);
        List<String> auth = new ArrayList<>();
        if (http.basicAuth() != null) {
            auth.add("basic_auth");
        }
        if (http.authorization() != null) {
            auth.add("authorization");
        }
        if (http.oauth2() != null) {
            auth.add("oauth2");
        }
        if (!sigv4.isEmpty()) {
            auth.add("sigv4");
        }
        if (!azuread.isEmpty()) {
            auth.add("azuread");
        }
        if (!googleIam.isEmpty()) {
            auth.add("google_iam");
        }
        if (auth.size() > 1) {
            throw Errors.at(s.line(), "at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam "
                    + "must be configured. Currently configured: " + Protocols.goList(auth));
        }
        return new RemoteWriteConfig(url, s.duration("remote_timeout", Duration.ofSeconds(30)), headers,
                RelabelReader.validateAll(relabel, scheme), s.string("name", ""), s.bool("send_exemplars", false),
                s.bool("send_native_histograms", false), s.bool("round_robin_dns", false), message,
                s.bool("failed_request_logging", false), http, queue, metadata, sigv4, azuread, googleIam);
    }

    private static QueueConfig queue(Section parent) {
        QueueConfig d = QueueConfig.DEFAULT;
        if (!parent.isSet("queue_config")) {
            return d;
        }
        Section s = Section.of(parent.get("queue_config"), "config.QueueConfig", QUEUE_KEYS);
        QueueConfig q = new QueueConfig(s.integer("capacity", d.capacity()), s.integer("max_shards", d.maxShards()),
                s.integer("min_shards", d.minShards()), s.integer("max_samples_per_send", d.maxSamplesPerSend()),
                s.duration("batch_send_deadline", d.batchSendDeadline()), s.duration("min_backoff", d.minBackoff()),
                s.duration("max_backoff", d.maxBackoff()), s.bool("retry_on_http_429", d.retryOnHttp429()),
                s.duration("sample_age_limit", d.sampleAgeLimit()));
        int line = s.line();
        if (q.maxShards() <= 0) {
            throw Errors.at(line, "remote write queue max_shards must be positive");
        }
        if (q.minShards() <= 0) {
            throw Errors.at(line, "remote write queue min_shards must be positive");
        }
        if (q.minShards() > q.maxShards()) {
            throw Errors.at(line, "remote write queue min_shards must not be greater than max_shards");
        }
        if (q.maxSamplesPerSend() <= 0) {
            throw Errors.at(line, "remote write queue max_samples_per_send must be positive");
        }
        if (q.capacity() <= 0) {
            throw Errors.at(line, "remote write queue capacity must be positive");
        }
        if (q.maxBackoff().compareTo(q.minBackoff()) < 0) {
            throw Errors.at(line, "remote write queue max_backoff must not be less than min_backoff");
        }
        return q;
    }

    private static MetadataConfig metadata(Section parent) {
        MetadataConfig d = MetadataConfig.DEFAULT;
        if (!parent.isSet("metadata_config")) {
            return d;
        }
        Section s = Section.of(parent.get("metadata_config"), "config.MetadataConfig", METADATA_KEYS);
        return new MetadataConfig(s.bool("send", d.send()), s.duration("send_interval", d.sendInterval()),
                s.integer("max_samples_per_send", d.maxSamplesPerSend()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> opaque(Section s, String key, String type, Set<String> keys) {
        if (!s.isSet(key)) {
            return Map.of();
        }
        Section.of(s.get(key), type, keys);
        return AlertingReader.withoutNulls((Map<String, Object>) RawYaml.toJava(s.get(key), type));
    }

    static List<RemoteReadConfig> reads(List<YamlNode> items, FileResolver files) {
        List<RemoteReadConfig> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode item : items) {
            if (item instanceof Scalar s && s.isNull()) {
                throw Errors.at(item.line(), "empty or null remote read config section");
            }
            Section s = Section.of(item, "config.plain", READ_KEYS);
            String url = url(s, "url for remote_read is empty");
            Map<String, String> headers = s.stringMap("headers");
            Headers.validate(headers, s.line("headers"), AUTH_HEADER_MESSAGE);
            HttpClientConfig http = HttpClientReader.read(s, files, HttpClientConfig.DEFAULT);
            RemoteReadConfig c = new RemoteReadConfig(url, s.duration("remote_timeout", Duration.ofMinutes(1)),
                    s.uint("chunked_read_limit", DEFAULT_CHUNKED_READ_LIMIT), headers, s.bool("read_recent", false),
                    s.string("name", ""), http, s.stringMap("required_matchers"),
                    s.bool("filter_external_labels", true));
            if (!c.name().isEmpty() && !names.add(c.name())) {
                throw Errors.at(item.line(), "found multiple remote read configs with job name " + GoStrings.quote(c.name()));
            }
            out.add(c);
        }
        return out;
    }

    private static String url(Section s, String missing) {
        if (!s.isSet("url")) {
            throw Errors.at(s.line(), missing);
        }
        String url = s.string("url", "");
        try {
            new URI(url);
        } catch (URISyntaxException e) {
            throw Errors.at(s.line("url"), "parse " + GoStrings.quote(url) + ": " + e.getReason());
        }
        return url;
    }
}
