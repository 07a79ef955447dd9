package io.epimetheus.config.load;

import io.epimetheus.api.config.AlertingConfig;
import io.epimetheus.api.config.AlertmanagerConfig;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.SdConfig;
import io.epimetheus.config.yaml.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code alerting} section. */
final class AlertingReader {

    private static final Set<String> KEYS = Set.of("alert_relabel_configs", "alertmanagers");
    private static final Set<String> AM_KEYS;
    private static final Set<String> SIGV4_KEYS = Set.of("region", "access_key", "secret_key", "profile", "role_arn",
            "external_id", "use_fips_sts_endpoint", "service_name");

    static {
        Set<String> k = new HashSet<>(HttpClientReader.KEYS);
        k.addAll(Set.of("sigv4", "scheme", "path_prefix", "timeout", "api_version", "relabel_configs",
                "alert_relabel_configs"));
        AM_KEYS = Set.copyOf(k);
    }

    private AlertingReader() {
    }

    static AlertingConfig read(YamlNode node, NameValidationScheme scheme, FileResolver files, SdSections sd) {
        if (node == null) {
            return AlertingConfig.NONE;
        }
        Section s = Section.of(node, "config.plain", KEYS);
        List<RelabelReader.Parsed> relabel = RelabelReader.parseList(s.listOrEmpty("alert_relabel_configs"),
                "empty or null alert relabeling rule");
        List<AlertmanagerConfig> ams = new ArrayList<>();
        for (YamlNode item : s.listOrEmpty("alertmanagers")) {
            ams.add(alertmanager(item, "config-" + ams.size(), scheme, files, sd));
        }
        return new AlertingConfig(RelabelReader.validateAll(relabel, scheme), ams);
    }

    private static AlertmanagerConfig alertmanager(YamlNode node, String name, NameValidationScheme scheme,
            FileResolver files, SdSections sd) {
        Section s = Section.of(node, "config.AlertmanagerConfig", AM_KEYS, sd.keys());
        List<SdConfig> discovery = sd.collect(s, name, s.listOrEmpty("relabel_configs").isEmpty());
        HttpClientConfig http = HttpClientReader.read(s, files, HttpClientConfig.DEFAULT);
        Map<String, Object> sigv4 = sigv4(s);
        if ((http.basicAuth() != null || http.authorization() != null || http.oauth2() != null) && !sigv4.isEmpty()) {
            throw Errors.at(s.line(), "at most one of basic_auth, authorization, oauth2, & sigv4 must be configured");
        }
        String apiVersion = s.string("api_version", "v2");
        if (!apiVersion.equals("v2")) {
            throw Errors.at(s.line("api_version"), "expected Alertmanager api version to be one of [v2] but got " + apiVersion);
        }
        List<RelabelReader.Parsed> relabel = RelabelReader.parseList(s.listOrEmpty("relabel_configs"),
                "empty or null Alertmanager target relabeling rule");
        List<RelabelReader.Parsed> alertRelabel = RelabelReader.parseList(s.listOrEmpty("alert_relabel_configs"),
                "empty or null Alertmanager alert relabeling rule");
        return new AlertmanagerConfig(http, sigv4, s.string("scheme", "http"), s.string("path_prefix", ""),
                s.duration("timeout", Duration.ofSeconds(10)), apiVersion, RelabelReader.validateAll(relabel, scheme),
                RelabelReader.validateAll(alertRelabel, scheme), discovery);
    }

    /** A {@code sigv4} section as parsed (its fields checked), empty when absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> sigv4(Section s) {
        if (!s.isSet("sigv4")) {
            return Map.of();
        }
        Section.of(s.get("sigv4"), "sigv4.SigV4Config", SIGV4_KEYS);
        Map<String, Object> raw = (Map<String, Object>) RawYaml.toJava(s.get("sigv4"), "sigv4.SigV4Config");
        return withoutNulls(raw);
    }

    /** {@code raw} without entries whose value is null (an explicit null means "not set"). */
    static Map<String, Object> withoutNulls(Map<String, Object> raw) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
