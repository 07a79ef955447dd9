package io.epimetheus.config.load;

import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.OtlpConfig;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the {@code otlp} section. */
final class OtlpReader {

    private static final Set<String> KEYS = Set.of("promote_all_resource_attributes", "promote_resource_attributes",
            "ignore_resource_attributes", "translation_strategy", "keep_identifying_resource_attributes",
            "convert_histograms_to_nhcb", "promote_scope_metadata", "label_name_underscore_sanitization",
            "label_name_preserve_multiple_underscores");
    private static final Set<String> STRATEGIES = Set.of("UnderscoreEscapingWithSuffixes",
            "UnderscoreEscapingWithoutSuffixes", "NoUTF8EscapingWithSuffixes", "NoTranslation");
    private static final Set<String> UTF8_STRATEGIES = Set.of("NoUTF8EscapingWithSuffixes", "NoTranslation");

    private OtlpReader() {
    }

    static OtlpConfig read(YamlNode node, NameValidationScheme scheme) {
        OtlpConfig d = OtlpConfig.DEFAULT;
        if (node == null) {
            return d;
        }
        Section s = Section.of(node, "config.plain", KEYS);
        boolean promoteAll = s.bool("promote_all_resource_attributes", false);
        List<String> promote = s.stringsOrEmpty("promote_resource_attributes");
        List<String> ignore = s.stringsOrEmpty("ignore_resource_attributes");
        if (promoteAll) {
            if (!promote.isEmpty()) {
                throw Errors.at(s.line(), "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously");
            }
            ignore = sanitize(ignore, "ignored", "ignore_resource_attributes", s.line("ignore_resource_attributes"));
        } else {
            if (!ignore.isEmpty()) {
                throw Errors.at(s.line(), "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true");
            }
            promote = sanitize(promote, "promoted", "promote_resource_attributes", s.line("promote_resource_attributes"));
        }
        String strategy = s.string("translation_strategy", d.translationStrategy());
        if (!strategy.isEmpty() && !STRATEGIES.contains(strategy)) {
            throw Errors.at(s.line("translation_strategy"), "unsupported OTLP translation strategy " + GoStrings.quote(strategy));
        }
        if (UTF8_STRATEGIES.contains(strategy) && scheme == NameValidationScheme.LEGACY) {
            throw Errors.at(s.line("translation_strategy"), "OTLP translation strategy " + GoStrings.quote(strategy)
                    + " is not allowed when UTF8 is disabled");
        }
        return new OtlpConfig(promoteAll, promote, ignore, strategy,
                s.bool("keep_identifying_resource_attributes", false), s.bool("convert_histograms_to_nhcb", false),
                s.bool("promote_scope_metadata", false),
                s.bool("label_name_underscore_sanitization", d.labelNameUnderscoreSanitization()),
                s.bool("label_name_preserve_multiple_underscores", d.labelNamePreserveMultipleUnderscores()));
    }

    /** Trims the attributes; empty and duplicated ones are errors, all reported together. */
    private static List<String> sanitize(List<String> attributes, String adjective, String field, int line) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String raw : attributes) {
            String a = raw.strip();
            if (a.isEmpty()) {
                problems.add("empty " + adjective + " OTel resource attribute");
            } else if (!seen.add(a)) {
                problems.add("duplicated " + adjective + " OTel resource attribute " + GoStrings.quote(a));
            } else {
                out.add(a);
            }
        }
        if (!problems.isEmpty()) {
            throw Errors.at(line, "invalid '" + field + "': " + String.join("\n", problems));
        }
        return out;
    }
}
