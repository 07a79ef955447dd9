package io.epimetheus.config.load;

import io.epimetheus.api.config.GlobalConfig;
import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.ScrapeLimits;
import io.epimetheus.api.config.ScrapeProtocol;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Reads the {@code global} section with Prometheus's defaults and validation. */
final class GlobalReader {

    private static final Set<String> KEYS = Set.of("scrape_interval", "scrape_timeout", "scrape_protocols",
            "evaluation_interval", "rule_query_offset", "query_log_file", "scrape_failure_log_file", "external_labels",
            "body_size_limit", "sample_limit", "target_limit", "label_limit", "label_name_length_limit",
            "label_value_length_limit", "keep_dropped_targets", "metric_name_validation_scheme",
            "metric_name_escaping_scheme", "scrape_native_histograms", "convert_classic_histograms_to_nhcb",
            "always_scrape_classic_histograms", "extra_scrape_metrics");

    /** The values of {@code metric_name_escaping_scheme}. */
    static final Set<String> ESCAPING_SCHEMES = Set.of("allow-utf-8", "underscores", "dots", "values");
    /** The values of {@code metric_name_escaping_scheme} as Prometheus lists them in errors. */
    static final String ESCAPING_CHOICES = "'allow-utf-8', 'underscores', 'dots', or 'values'";

    private GlobalReader() {
    }

    static GlobalConfig read(YamlNode node, FileResolver files, UnaryOperator<String> env) {
        if (node == null) {
            return GlobalConfig.DEFAULT;
        }
        Section s = Section.of(node, "config.plain", KEYS);
        NameValidationScheme scheme = validationScheme(s, NameValidationScheme.UTF8);
        Labels external = externalLabels(s, scheme, env);

        Duration interval = s.duration("scrape_interval", Duration.ZERO);
        if (interval.isZero()) {
            interval = GlobalConfig.DEFAULT.scrapeInterval();
        }
        Duration timeout = s.duration("scrape_timeout", Duration.ZERO);
        if (timeout.compareTo(interval) > 0) {
            throw Errors.at(s.line("scrape_timeout"), "global scrape timeout greater than scrape interval");
        }
        if (timeout.isZero()) {
            timeout = min(GlobalConfig.DEFAULT.scrapeTimeout(), interval);
        }
        Duration eval = s.duration("evaluation_interval", Duration.ZERO);
        if (eval.isZero()) {
            eval = GlobalConfig.DEFAULT.evaluationInterval();
        }
        List<ScrapeProtocol> protocols = List.of();
        List<String> names = s.strings("scrape_protocols");
        if (names != null) {
            try {
                protocols = Protocols.list(names);
            } catch (IllegalArgumentException e) {
                throw Errors.at(s.line("scrape_protocols"), e.getMessage() + " for global config");
            }
        }
        String escaping = s.string("metric_name_escaping_scheme", "");
        if (!escaping.isEmpty() && !ESCAPING_SCHEMES.contains(escaping)) {
            throw Errors.at(s.line("metric_name_escaping_scheme"), "unknown global name escaping method specified, must be one of "
                    + ESCAPING_CHOICES + ", got " + GoStrings.quote(escaping));
        }
        return new GlobalConfig(interval, timeout, eval, s.duration("rule_query_offset", Duration.ZERO), protocols,
                files.resolve(s.string("query_log_file", "")), files.resolve(s.string("scrape_failure_log_file", "")),
                external, limits(s), scheme, escaping,
                s.bool("scrape_native_histograms", false), s.bool("convert_classic_histograms_to_nhcb", false),
                s.bool("always_scrape_classic_histograms", false), s.bool("extra_scrape_metrics", false));
    }

    /** The limits of a global or scrape config section; 0 when unset. */
    static ScrapeLimits limits(Section s) {
        return new ScrapeLimits(s.bytes("body_size_limit", 0), s.uint("sample_limit", 0), s.uint("target_limit", 0),
                s.uint("label_limit", 0), s.uint("label_name_length_limit", 0), s.uint("label_value_length_limit", 0),
                s.uint("keep_dropped_targets", 0));
    }

    /** {@code metric_name_validation_scheme}: {@code utf8}, {@code legacy}, or unset (then {@code def}). */
    static NameValidationScheme validationScheme(Section s, NameValidationScheme def) {
        String word = s.string("metric_name_validation_scheme", "");
        if (word.isEmpty()) {
            return def;
        }
        NameValidationScheme scheme = NameValidationScheme.ofText(word);
        if (scheme == null) {
            throw Errors.at(s.line("metric_name_validation_scheme"), "unrecognized ValidationScheme: " + GoStrings.quote(word));
        }
        return scheme;
    }

    private static Labels externalLabels(Section s, NameValidationScheme scheme, UnaryOperator<String> env) {
        Map<String, String> raw = s.stringMap("external_labels");
        LabelsBuilder b = new LabelsBuilder();
        int line = s.line("external_labels");
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (!scheme.isValidLabelName(e.getKey())) {
                throw Errors.at(line, GoStrings.quote(e.getKey()) + " is not a valid label name");
            }
            if (!Labels.isWellFormed(e.getValue())) {
                throw Errors.at(line, GoStrings.quote(e.getValue()) + " is not a valid label value");
            }
            b.set(e.getKey(), EnvExpander.expand(e.getValue(), env));
        }
        return b.build();
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
