package io.epimetheus.config.load;

import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.ScrapeLimits;
import io.epimetheus.api.config.ScrapeProtocol;
import io.epimetheus.api.config.SdConfig;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import io.epimetheus.config.yaml.YamlNode.Entry;
import io.epimetheus.config.yaml.YamlNode.Scalar;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one {@code scrape_configs} entry and validates it against the global section. */
final class ScrapeReader {

    private static final Set<String> KEYS;

    static {
        Set<String> k = new HashSet<>(HttpClientReader.KEYS);
        k.addAll(Set.of("job_name", "honor_labels", "honor_timestamps", "track_timestamps_staleness", "params",
                "scrape_interval", "scrape_timeout", "scrape_protocols", "fallback_scrape_protocol",
                "scrape_native_histograms", "always_scrape_classic_histograms", "convert_classic_histograms_to_nhcb",
                "scrape_failure_log_file", "metrics_path", "scheme", "enable_compression", "body_size_limit",
                "sample_limit", "target_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
                "native_histogram_bucket_limit", "native_histogram_min_bucket_factor", "keep_dropped_targets",
                "metric_name_validation_scheme", "metric_name_escaping_scheme", "extra_scrape_metrics",
                "relabel_configs", "metric_relabel_configs"));
        KEYS = Set.copyOf(k);
    }

    private ScrapeReader() {
    }

    static ScrapeConfig read(YamlNode node, GlobalConfig global, FileResolver files, SdSections sd) {
        if (node == null || node instanceof Scalar s && s.isNull()) {
            throw Errors.at(node == null ? 0 : node.line(), "empty or null scrape config section");
        }
        Section s = Section.of(node, "config.ScrapeConfig", KEYS, sd.keys());
        String job = s.string("job_name", "");
        List<SdConfig> discovery = sd.collect(s, job, s.listOrEmpty("relabel_configs").isEmpty());
        if (job.isEmpty()) {
            throw Errors.at(s.line("job_name"), "job_name is empty");
        }
        String forJob = " for scrape config with job name " + GoStrings.quote(job);
        HttpClientConfig http = HttpClientReader.read(s, files, HttpClientConfig.DEFAULT);
        List<RelabelReader.Parsed> relabel = RelabelReader.parseList(s.listOrEmpty("relabel_configs"),
                "empty or null target relabeling rule in scrape config");
        List<RelabelReader.Parsed> metricRelabel = RelabelReader.parseList(s.listOrEmpty("metric_relabel_configs"),
                "empty or null metric relabeling rule in scrape config");

        Duration interval = s.duration("scrape_interval", Duration.ZERO);
        if (interval.isZero()) {
            interval = global.scrapeInterval();
        }
        Duration timeout = s.duration("scrape_timeout", Duration.ZERO);
        if (timeout.compareTo(interval) > 0) {
            throw Errors.at(s.line("scrape_timeout"), "scrape timeout greater than scrape interval" + forJob);
        }
        if (timeout.isZero()) {
            timeout = GlobalReader.min(global.scrapeTimeout(), interval);
        }
        ScrapeLimits limits = inherit(GlobalReader.limits(s), global.limits());
        boolean nativeHistograms = s.isSet("scrape_native_histograms")
                ? s.bool("scrape_native_histograms", false) : global.scrapeNativeHistograms();
        boolean extraMetrics = s.isSet("extra_scrape_metrics")
                ? s.bool("extra_scrape_metrics", false) : global.extraScrapeMetrics();

        List<ScrapeProtocol> protocols;
        List<String> names = s.strings("scrape_protocols");
        try {
            if (names != null) {
                protocols = Protocols.list(names);
            } else if (!global.scrapeProtocols().isEmpty()) {
                protocols = global.scrapeProtocols();
            } else {
                protocols = nativeHistograms ? ScrapeProtocol.PROTO_FIRST : ScrapeProtocol.DEFAULT;
            }
        } catch (IllegalArgumentException e) {
            throw Errors.at(s.line("scrape_protocols"), e.getMessage() + forJob);
        }
        ScrapeProtocol fallback = null;
        String fallbackName = s.string("fallback_scrape_protocol", "");
        if (!fallbackName.isEmpty()) {
            try {
                fallback = Protocols.of(fallbackName);
            } catch (IllegalArgumentException e) {
                throw Errors.at(s.line("fallback_scrape_protocol"), "invalid fallback_scrape_protocol"
                        + forJob + ": " + e.getMessage());
            }
        }

        boolean localSchemeUnset = s.string("metric_name_validation_scheme", "").isEmpty();
        NameValidationScheme scheme = GlobalReader.validationScheme(s, global.metricNameValidationScheme());
        String globalEscaping = global.metricNameEscapingScheme();
        if (globalEscaping.isEmpty()) {
            globalEscaping = global.metricNameValidationScheme() == NameValidationScheme.LEGACY
                    ? "underscores" : "allow-utf-8";
        }
        String escaping = s.string("metric_name_escaping_scheme", "");
        if (escaping.isEmpty()) {
            if (localSchemeUnset) {
                escaping = globalEscaping;
            } else {
                escaping = scheme == NameValidationScheme.LEGACY ? "underscores" : "allow-utf-8";
            }
        }
        if (escaping.equals("allow-utf-8")) {
            if (scheme != NameValidationScheme.UTF8) {
                throw Errors.at(s.line(), "utf8 metric names requested but validation scheme is not set to UTF8");
            }
        } else if (!GlobalReader.ESCAPING_SCHEMES.contains(escaping)) {
            throw Errors.at(s.line("metric_name_escaping_scheme"), "unknown scrape config name escaping method specified, must be one of "
                    + GlobalReader.ESCAPING_CHOICES + ", got " + GoStrings.quote(escaping));
        }
        boolean convertNhcb = s.isSet("convert_classic_histograms_to_nhcb")
                ? s.bool("convert_classic_histograms_to_nhcb", false) : global.convertClassicHistogramsToNhcb();
        boolean alwaysClassic = s.isSet("always_scrape_classic_histograms")
                ? s.bool("always_scrape_classic_histograms", false) : global.alwaysScrapeClassicHistograms();
        List<RelabelConfig> relabelConfigs = RelabelReader.validateAll(relabel, scheme);
        List<RelabelConfig> metricRelabelConfigs = RelabelReader.validateAll(metricRelabel, scheme);

        String failureLog = files.resolve(s.string("scrape_failure_log_file", ""));
        if (failureLog.isEmpty()) {
            failureLog = global.scrapeFailureLogFile();
        }
        return new ScrapeConfig(job, s.bool("honor_labels", false), s.bool("honor_timestamps", true),
                s.bool("track_timestamps_staleness", false), params(s), interval, timeout, protocols, fallback,
                nativeHistograms, alwaysClassic, convertNhcb, extraMetrics, failureLog,
                s.string("metrics_path", "/metrics"), s.string("scheme", "http"), s.bool("enable_compression", true),
                limits, s.uint("native_histogram_bucket_limit", 0), s.number("native_histogram_min_bucket_factor", 0),
                scheme, escaping, http, relabelConfigs, metricRelabelConfigs, discovery);
    }

    private static ScrapeLimits inherit(ScrapeLimits local, ScrapeLimits global) {
        return new ScrapeLimits(
                local.bodySizeLimit() == 0 ? global.bodySizeLimit() : local.bodySizeLimit(),
                local.sampleLimit() == 0 ? global.sampleLimit() : local.sampleLimit(),
                local.targetLimit() == 0 ? global.targetLimit() : local.targetLimit(),
                local.labelLimit() == 0 ? global.labelLimit() : local.labelLimit(),
                local.labelNameLengthLimit() == 0 ? global.labelNameLengthLimit() : local.labelNameLengthLimit(),
                local.labelValueLengthLimit() == 0 ? global.labelValueLengthLimit() : local.labelValueLengthLimit(),
                local.keepDroppedTargets() == 0 ? global.keepDroppedTargets() : local.keepDroppedTargets());
    }

    private static Map<String, List<String>> params(Section s) {
        if (!s.isSet("params")) {
            return Map.of();
        }
        Section p = Section.of(s.get("params"), "url.Values", Set.of(), k -> true);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Entry e : p.entries()) {
            out.put(e.key(), p.stringsOrEmpty(e.key()));
        }
        return out;
    }
}
