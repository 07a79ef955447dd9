package io.epimetheus.config.print;

import io.epimetheus.api.config.AlertingConfig;
import io.epimetheus.api.config.AlertmanagerConfig;
import io.epimetheus.api.config.Authorization;
import io.epimetheus.api.config.BasicAuth;
import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.HttpHeader;
import io.epimetheus.api.config.MetadataConfig;
import io.epimetheus.api.config.OAuth2;
import io.epimetheus.api.config.OtlpConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ProxyConfig;
import io.epimetheus.api.config.QueueConfig;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.config.RemoteReadConfig;
import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.ScrapeLimits;
import io.epimetheus.api.config.ScrapeProtocol;
import io.epimetheus.api.config.SdConfig;
import io.epimetheus.api.config.Secret;
import io.epimetheus.api.config.StorageConfig;
import io.epimetheus.api.config.TlsConfig;
import io.epimetheus.api.config.TracingConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.config.PromDuration;
import io.epimetheus.config.yaml.GoMapOrder;
import io.epimetheus.config.yaml.YamlEmitter;
import io.epimetheus.config.yaml.YamlOut;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prints a loaded configuration as Prometheus's {@code /api/v1/status/config} does (Go's {@code
 * yaml.Marshal} of its {@code config.Config}): every section with the values in effect, defaults
 * included, in the order and with the omissions of Prometheus's structs, secrets as {@code
 * <secret>} and passwords in URLs as {@code xxxxx}.
 *
 * <p>What the typed records cannot tell apart is printed as Prometheus prints the usual case: a
 * {@code global} section equal to the defaults as Prometheus's default one (with {@code
 * metric_name_escaping_scheme: allow-utf-8}, which Prometheus drops once any global key is set), an
 * unset {@code runtime.gogc} as Go's default 75 and {@code storage.exemplars} only when it differs
 * from the default. As in Prometheus, the scrape configs of {@code scrape_config_files} are not
 * listed (the files are read again to know their jobs). Service discovery sections other than
 * {@code static_configs} and {@code
 * file_sd_configs} belong to their plugins, so they print as written, with the values of
 * Prometheus's secret fields replaced.
 */
public final class ConfigPrinter {

    /** The default of {@code runtime.gogc} in Prometheus (Go's GC percentage it sets). */
    private static final int DEFAULT_GOGC = 75;
    private static final long DEFAULT_MAX_EXEMPLARS = StorageConfig.DEFAULT.maxExemplars();
    private static final long DEFAULT_FILE_SD_REFRESH = 300_000;

    private ConfigPrinter() {
    }

    /** The configuration as YAML. */
    public static String print(PrometheusConfig c) {
        return YamlEmitter.write(config(c));
    }

    static YamlOut config(PrometheusConfig c) {
        Path dir = c.file().isEmpty() ? null : Path.of(c.file()).getParent();
        Fields f = new Fields();
        f.put("global", global(c.global()));
        f.put("runtime", new Fields().num("gogc", c.runtime().gogc() == 0 ? DEFAULT_GOGC : c.runtime().gogc()).build());
        AlertingConfig a = c.alerting();
        if (!a.alertRelabelConfigs().isEmpty() || !a.alertmanagers().isEmpty()) {
            List<YamlOut> ams = new ArrayList<>();
            for (AlertmanagerConfig am : a.alertmanagers()) {
                ams.add(alertmanager(am, dir));
            }
            f.put("alerting", new Fields().seq("alert_relabel_configs", relabels(a.alertRelabelConfigs()))
                    .seq("alertmanagers", ams).build());
        }
        f.seq("rule_files", strings(c.ruleFiles()));
        f.seq("scrape_config_files", strings(c.scrapeConfigFiles()));
        Set<String> included = IncludedJobs.of(c.scrapeConfigFiles());
        List<YamlOut> scrapes = new ArrayList<>();
        for (ScrapeConfig sc : c.scrapeConfigs()) {
            if (!included.contains(sc.jobName())) {
                scrapes.add(scrape(sc, dir));
            }
        }
        f.seq("scrape_configs", scrapes);
        f.put("storage", storage(c.storage()));
        if (c.tracing() != null) {
            f.put("tracing", tracing(c.tracing()));
        }
        List<YamlOut> writes = new ArrayList<>();
        for (RemoteWriteConfig w : c.remoteWrite()) {
            writes.add(remoteWrite(w));
        }
        f.seq("remote_write", writes);
        List<YamlOut> reads = new ArrayList<>();
        for (RemoteReadConfig r : c.remoteRead()) {
            reads.add(remoteRead(r));
        }
        f.seq("remote_read", reads);
        f.mapIf("otlp", otlp(c.otlp()));
        return f.build();
    }

    private static YamlOut global(GlobalConfig g) {
        // Prometheus keeps its default global section (and its escaping scheme) only when none is written.
        boolean asDefault = g.equals(GlobalConfig.DEFAULT);
        Fields f = new Fields()
                .dur("scrape_interval", g.scrapeInterval())
                .dur("scrape_timeout", g.scrapeTimeout())
                .seq("scrape_protocols", protocols(g.scrapeProtocols()))
                .dur("evaluation_interval", g.evaluationInterval())
                .dur("rule_query_offset", g.ruleQueryOffset())
                .str("query_log_file", g.queryLogFile())
                .str("scrape_failure_log_file", g.scrapeFailureLogFile())
                .mapIf("external_labels", labels(g.externalLabels()));
        limits(f, g.limits(), false);
        f.keep("metric_name_validation_scheme", g.metricNameValidationScheme().text())
                .str("metric_name_escaping_scheme", asDefault ? "allow-utf-8" : g.metricNameEscapingScheme());
        f.keep("scrape_native_histograms", g.scrapeNativeHistograms())
                .bool("convert_classic_histograms_to_nhcb", g.convertClassicHistogramsToNhcb())
                .bool("always_scrape_classic_histograms", g.alwaysScrapeClassicHistograms())
                .keep("extra_scrape_metrics", g.extraScrapeMetrics());
        return f.build();
    }

    /** The limits shared by global and scrape configs, in their order; the keep_dropped_targets slot differs. */
    private static void limits(Fields f, ScrapeLimits l, boolean scrape) {
        f.bytes("body_size_limit", l.bodySizeLimit())
                .num("sample_limit", l.sampleLimit())
                .num("target_limit", l.targetLimit())
                .num("label_limit", l.labelLimit())
                .num("label_name_length_limit", l.labelNameLengthLimit())
                .num("label_value_length_limit", l.labelValueLengthLimit());
        if (!scrape) {
            f.num("keep_dropped_targets", l.keepDroppedTargets());
        }
    }

    private static YamlOut scrape(ScrapeConfig c, Path dir) {
        Fields f = new Fields()
                .keep("job_name", c.jobName())
                .bool("honor_labels", c.honorLabels())
                .keep("honor_timestamps", c.honorTimestamps())
                .keep("track_timestamps_staleness", c.trackTimestampsStaleness());
        if (!c.params().isEmpty()) {
            Fields params = new Fields();
            for (Map.Entry<String, List<String>> e : sorted(c.params()).entrySet()) {
                params.put(e.getKey(), new YamlOut.Sequence(strings(e.getValue()), false));
            }
            f.put("params", params.build());
        }
        f.dur("scrape_interval", c.scrapeInterval())
                .dur("scrape_timeout", c.scrapeTimeout())
                .seq("scrape_protocols", protocols(c.scrapeProtocols()))
                .str("fallback_scrape_protocol", c.fallbackScrapeProtocol() == null ? "" : c.fallbackScrapeProtocol().configName())
                .keep("scrape_native_histograms", c.scrapeNativeHistograms())
                .keep("always_scrape_classic_histograms", c.alwaysScrapeClassicHistograms())
                .keep("convert_classic_histograms_to_nhcb", c.convertClassicHistogramsToNhcb())
                .str("scrape_failure_log_file", c.scrapeFailureLogFile())
                .str("metrics_path", c.metricsPath())
                .str("scheme", c.scheme())
                .keep("enable_compression", c.enableCompression());
        limits(f, c.limits(), true);
        f.num("native_histogram_bucket_limit", c.nativeHistogramBucketLimit())
                .num("native_histogram_min_bucket_factor", c.nativeHistogramMinBucketFactor())
                .num("keep_dropped_targets", c.limits().keepDroppedTargets())
                .keep("metric_name_validation_scheme", c.metricNameValidationScheme().text())
                .str("metric_name_escaping_scheme", c.metricNameEscapingScheme())
                .keep("extra_scrape_metrics", c.extraScrapeMetrics());
        httpClient(f, c.httpClient());
        f.seq("relabel_configs", relabels(c.relabelConfigs()))
                .seq("metric_relabel_configs", relabels(c.metricRelabelConfigs()));
        discovery(f, c.serviceDiscoveryConfigs(), dir);
        return f.build();
    }

    private static YamlOut alertmanager(AlertmanagerConfig a, Path dir) {
        Fields f = new Fields();
        httpClient(f, a.httpClient());
        f.mapIf("sigv4", RawValues.mapping(a.sigv4()))
                .str("scheme", a.scheme())
                .str("path_prefix", a.pathPrefix())
                .dur("timeout", a.timeout())
                .keep("api_version", a.apiVersion())
                .seq("relabel_configs", relabels(a.relabelConfigs()))
                .seq("alert_relabel_configs", relabels(a.alertRelabelConfigs()));
        discovery(f, a.serviceDiscoveryConfigs(), dir);
        return f.build();
    }

    /**
     * The SD sections after every other field, one key per type in the order of their keys, all
     * {@code static_configs} entries in one list, as Prometheus's inline SD marshalling writes them.
     */
    private static void discovery(Fields f, List<SdConfig> configs, Path dir) {
        Map<String, List<YamlOut>> byKey = new TreeMap<>();
        for (SdConfig sd : configs) {
            byKey.computeIfAbsent(sd.key(), k -> new ArrayList<>()).add(switch (sd.type()) {
                case "static" -> staticGroup(sd.config());
                case "file" -> fileSd(sd.config(), dir);
                default -> RawValues.mapping(sd.config());
            });
        }
        for (Map.Entry<String, List<YamlOut>> e : byKey.entrySet()) {
            f.put(e.getKey(), new YamlOut.Sequence(e.getValue(), false));
        }
    }

    private static YamlOut staticGroup(Map<String, Object> group) {
        List<YamlOut> targets = new ArrayList<>();
        if (group.get("targets") instanceof List<?> list) {
            for (Object t : list) {
                targets.add(new YamlOut.Str(String.valueOf(t)));
            }
        }
        Fields f = new Fields().put("targets", new YamlOut.Sequence(targets, false));
        if (group.get("labels") instanceof Map<?, ?> labels && !labels.isEmpty()) {
            Fields l = new Fields();
            for (Map.Entry<String, Object> e : sorted(RawValues.stringKeys(labels)).entrySet()) {
                l.keep(e.getKey(), String.valueOf(e.getValue()));
            }
            f.put("labels", l.build());
        }
        return f.build();
    }

    /** {@code file_sd_configs}: files joined with the configuration's directory, refresh every 5m by default. */
    private static YamlOut fileSd(Map<String, Object> sd, Path dir) {
        List<YamlOut> files = new ArrayList<>();
        if (sd.get("files") instanceof List<?> list) {
            for (Object o : list) {
                String file = String.valueOf(o);
                files.add(new YamlOut.Str(dir == null || file.isEmpty() || Path.of(file).isAbsolute()
                        ? file : dir.resolve(file).normalize().toString()));
            }
        }
        Object refresh = sd.get("refresh_interval");
        long refreshMillis = refresh == null ? DEFAULT_FILE_SD_REFRESH : PromDuration.parse(String.valueOf(refresh));
        return new Fields().put("files", new YamlOut.Sequence(files, false))
                .dur("refresh_interval", Duration.ofMillis(refreshMillis)).build();
    }

    /** The fields of Prometheus's {@code HTTPClientConfig}, inlined where it is. */
    private static void httpClient(Fields f, HttpClientConfig h) {
        BasicAuth b = h.basicAuth();
        if (b != null) {
            f.put("basic_auth", new Fields().str("username", b.username()).str("username_file", b.usernameFile())
                    .secret("password", b.password()).str("password_file", b.passwordFile()).build());
        }
        Authorization a = h.authorization();
        if (a != null) {
            f.put("authorization", new Fields().str("type", a.type()).secret("credentials", a.credentials())
                    .str("credentials_file", a.credentialsFile()).build());
        }
        OAuth2 o = h.oauth2();
        if (o != null) {
            Fields of = new Fields().str("client_id", o.clientId()).secret("client_secret", o.clientSecret())
                    .str("client_secret_file", o.clientSecretFile())
                    .str("client_certificate_key_id", o.clientCertificateKeyId())
                    .secret("client_certificate_key", o.clientCertificateKey())
                    .str("client_certificate_key_file", o.clientCertificateKeyFile())
                    .str("grant_type", o.grantType()).str("signature_algorithm", o.signatureAlgorithm())
                    .str("iss", o.iss()).str("audience", o.audience())
                    .mapIf("claims", RawValues.sortedMapping(o.claims()))
                    .seq("scopes", strings(o.scopes())).str("token_url", o.tokenUrl())
                    .mapIf("endpoint_params", stringMap(o.endpointParams()));
            tls(of, o.tls());
            proxy(of, o.proxy());
            f.put("oauth2", of.build());
        }
        tls(f, h.tls());
        f.keep("follow_redirects", h.followRedirects()).keep("enable_http2", h.enableHttp2());
        proxy(f, h.proxy());
        if (!h.httpHeaders().isEmpty()) {
            Fields headers = new Fields();
            for (Map.Entry<String, HttpHeader> e : sorted(h.httpHeaders()).entrySet()) {
                HttpHeader v = e.getValue();
                headers.put(e.getKey(), new Fields().seq("values", strings(v.values()))
                        .seq("secrets", secrets(v.secrets())).seq("files", strings(v.files())).build());
            }
            f.put("http_headers", headers.build());
        }
    }

    /** {@code tls_config}, left out when nothing in it is set. */
    private static void tls(Fields f, TlsConfig t) {
        if (t.equals(TlsConfig.DEFAULT)) {
            return;
        }
        f.put("tls_config", new Fields().str("ca", t.ca()).str("cert", t.cert()).secret("key", t.key())
                .str("ca_file", t.caFile()).str("cert_file", t.certFile()).str("key_file", t.keyFile())
                .str("server_name", t.serverName()).keep("insecure_skip_verify", t.insecureSkipVerify())
                .str("min_version", t.minVersion()).str("max_version", t.maxVersion()).build());
    }

    private static void proxy(Fields f, ProxyConfig p) {
        f.str("proxy_url", Urls.redacted(p.proxyUrl())).str("no_proxy", p.noProxy())
                .bool("proxy_from_environment", p.proxyFromEnvironment());
        if (!p.proxyConnectHeader().isEmpty()) {
            Fields headers = new Fields();
            for (Map.Entry<String, List<Secret>> e : sorted(p.proxyConnectHeader()).entrySet()) {
                headers.put(e.getKey(), new YamlOut.Sequence(secrets(e.getValue()), false));
            }
            f.put("proxy_connect_header", headers.build());
        }
    }

    private static List<YamlOut> relabels(List<RelabelConfig> configs) {
        List<YamlOut> out = new ArrayList<>(configs.size());
        for (RelabelConfig r : configs) {
            Fields f = new Fields();
            if (!r.sourceLabels().isEmpty()) {
                f.put("source_labels", new YamlOut.Sequence(strings(r.sourceLabels()), true));
            }
            out.add(f.keep("separator", r.separator()).keep("regex", r.regex()).num("modulus", r.modulus())
                    .str("target_label", r.targetLabel()).keep("replacement", r.replacement())
                    .keep("action", r.action().text()).build());
        }
        return out;
    }

    private static YamlOut storage(StorageConfig s) {
        Fields retention = new Fields().dur("time", s.retentionTime()).bytes("size", s.retentionSize())
                .num("percentage", s.retentionPercentage());
        Fields tsdb = new Fields()
                // Prometheus's TSDBConfig has this untagged field: yaml.v2 prints it under its lower-cased Go name.
                .keep("outofordertimewindow", s.outOfOrderTimeWindow().toMillis())
                .dur("out_of_order_time_window", s.outOfOrderTimeWindow())
                .num("stale_series_compaction_threshold", s.staleSeriesCompactionThreshold());
        if (!s.chunkEncodingFloats().isEmpty()) {
            tsdb.put("chunk_encoding", new Fields().str("floats", s.chunkEncodingFloats()).build());
        }
        tsdb.put("retention", retention.build());
        Fields f = new Fields().put("tsdb", tsdb.build());
        if (s.maxExemplars() != DEFAULT_MAX_EXEMPLARS) {
            f.put("exemplars", new Fields().num("max_exemplars", s.maxExemplars()).build());
        }
        return f.build();
    }

    private static YamlOut tracing(TracingConfig t) {
        Fields f = new Fields().str("client_type", t.clientType()).str("endpoint", t.endpoint())
                .num("sampling_fraction", t.samplingFraction()).bool("insecure", t.insecure());
        tls(f, t.tls());
        return f.mapIf("headers", stringMap(t.headers())).str("compression", t.compression())
                .dur("timeout", t.timeout()).build();
    }

    private static YamlOut remoteWrite(RemoteWriteConfig w) {
        Fields f = new Fields().keep("url", Urls.redacted(w.url())).dur("remote_timeout", w.remoteTimeout())
                .mapIf("headers", stringMap(w.headers()))
                .seq("write_relabel_configs", relabels(w.writeRelabelConfigs()))
                .str("name", w.name()).bool("send_exemplars", w.sendExemplars())
                .bool("send_native_histograms", w.sendNativeHistograms()).bool("round_robin_dns", w.roundRobinDns())
                .str("protobuf_message", w.protobufMessage())
                .bool("failed_request_logging", w.failedRequestLogging());
        httpClient(f, w.httpClient());
        QueueConfig q = w.queue();
        f.mapIf("queue_config", new Fields().num("capacity", q.capacity()).num("max_shards", q.maxShards())
                .num("min_shards", q.minShards()).num("max_samples_per_send", q.maxSamplesPerSend())
                .dur("batch_send_deadline", q.batchSendDeadline()).dur("min_backoff", q.minBackoff())
                .dur("max_backoff", q.maxBackoff()).bool("retry_on_http_429", q.retryOnHttp429())
                .dur("sample_age_limit", q.sampleAgeLimit()).build());
        MetadataConfig m = w.metadata();
        if (m.send() || !m.sendInterval().isZero() || m.maxSamplesPerSend() != 0) {
            f.put("metadata_config", new Fields().keep("send", m.send())
                    .keep("send_interval", PromDuration.format(m.sendInterval().toMillis()))
                    .num("max_samples_per_send", m.maxSamplesPerSend()).build());
        }
        return f.mapIf("sigv4", RawValues.mapping(w.sigv4())).mapIf("azuread", RawValues.mapping(w.azuread()))
                .mapIf("google_iam", RawValues.mapping(w.googleIam())).build();
    }

    private static YamlOut remoteRead(RemoteReadConfig r) {
        Fields f = new Fields().keep("url", Urls.redacted(r.url())).dur("remote_timeout", r.remoteTimeout())
                .num("chunked_read_limit", r.chunkedReadLimit()).mapIf("headers", stringMap(r.headers()))
                .bool("read_recent", r.readRecent()).str("name", r.name());
        httpClient(f, r.httpClient());
        return f.mapIf("required_matchers", stringMap(r.requiredMatchers()))
                .bool("filter_external_labels", r.filterExternalLabels()).build();
    }

    private static YamlOut.Mapping otlp(OtlpConfig o) {
        return new Fields().bool("promote_all_resource_attributes", o.promoteAllResourceAttributes())
                .seq("promote_resource_attributes", strings(o.promoteResourceAttributes()))
                .seq("ignore_resource_attributes", strings(o.ignoreResourceAttributes()))
                .str("translation_strategy", o.translationStrategy())
                .bool("keep_identifying_resource_attributes", o.keepIdentifyingResourceAttributes())
                .bool("convert_histograms_to_nhcb", o.convertHistogramsToNhcb())
                .bool("promote_scope_metadata", o.promoteScopeMetadata())
                .bool("label_name_underscore_sanitization", o.labelNameUnderscoreSanitization())
                .bool("label_name_preserve_multiple_underscores", o.labelNamePreserveMultipleUnderscores())
                .build();
    }

    private static List<YamlOut> protocols(List<ScrapeProtocol> protocols) {
        List<YamlOut> out = new ArrayList<>(protocols.size());
        for (ScrapeProtocol p : protocols) {
            out.add(new YamlOut.Str(p.configName()));
        }
        return out;
    }

    private static List<YamlOut> strings(List<String> values) {
        List<YamlOut> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(new YamlOut.Str(v));
        }
        return out;
    }

    /** Go's {@code Secret} in a list: {@code <secret>}, or {@code null} for an empty one. */
    private static List<YamlOut> secrets(List<Secret> values) {
        List<YamlOut> out = new ArrayList<>(values.size());
        for (Secret s : values) {
            out.add(s.isEmpty() ? new YamlOut.Token("null") : new YamlOut.Str(Fields.SECRET));
        }
        return out;
    }

    private static YamlOut.Mapping labels(Labels l) {
        Map<String, String> m = new TreeMap<>(GoMapOrder.INSTANCE);
        for (int i = 0; i < l.size(); i++) {
            m.put(l.name(i), l.value(i));
        }
        return stringMap(m);
    }

    private static YamlOut.Mapping stringMap(Map<String, String> m) {
        Fields f = new Fields();
        for (Map.Entry<String, String> e : sorted(m).entrySet()) {
            f.keep(e.getKey(), e.getValue());
        }
        return f.build();
    }

    /** A Go map's entries in the order yaml.v2 writes them. */
    static <V> Map<String, V> sorted(Map<String, V> m) {
        Map<String, V> out = new TreeMap<>(GoMapOrder.INSTANCE);
        out.putAll(m);
        return out;
    }
}
