package io.epimetheus.config.load;

import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelAction;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.regex.Re2;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import io.epimetheus.config.yaml.YamlNode.Scalar;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads relabeling rules with Prometheus's defaults and its {@code relabel.Config} validation. A
 * rule is read in two steps, as in Prometheus: {@link #parse} (defaults, regex syntax) while the
 * file is decoded, {@link #validate} once the name validation scheme of its section is known.
 */
final class RelabelReader {

    private static final Set<String> KEYS =
            Set.of("source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action");
    private static final EnumSet<RelabelAction> NEEDS_TARGET = EnumSet.of(RelabelAction.REPLACE, RelabelAction.HASHMOD,
            RelabelAction.LOWERCASE, RelabelAction.UPPERCASE, RelabelAction.KEEPEQUAL, RelabelAction.DROPEQUAL);
    private static final EnumSet<RelabelAction> CASE_OR_EQUAL = EnumSet.of(RelabelAction.LOWERCASE,
            RelabelAction.UPPERCASE, RelabelAction.KEEPEQUAL, RelabelAction.DROPEQUAL);

    /**
     * A rule as read, before validation: {@code action} is {@code null} when the YAML said
     * {@code action: null}, and {@code regexSet} records whether {@code regex} was given.
     */
    record Parsed(List<String> sourceLabels, String separator, String regex, boolean regexSet, long modulus,
            String targetLabel, String replacement, RelabelAction action, int line) {
    }

    private RelabelReader() {
    }

    /**
     * Reads the rules of a {@code *relabel_configs} list.
     *
     * @param nullMessage the error for a null entry, as Prometheus words it for this list
     */
    static List<Parsed> parseList(List<YamlNode> items, String nullMessage) {
        List<Parsed> out = new ArrayList<>(items.size());
        for (YamlNode item : items) {
            if (item instanceof Scalar s && s.isNull()) {
                throw Errors.at(item.line(), nullMessage);
            }
            out.add(parse(item));
        }
        return out;
    }

    static Parsed parse(YamlNode node) {
        Section s = Section.of(node, "relabel.plain", KEYS);
        List<String> sources = s.stringsOrEmpty("source_labels");
        for (String name : sources) {
            if (!Labels.isValidLabelName(name)) {
                throw Errors.at(s.line("source_labels"), GoStrings.quote(name) + " is not a valid label name");
            }
        }
        RelabelAction action = RelabelAction.REPLACE;
        if (s.has("action")) {
            if (!s.isSet("action")) {
                action = null;
            } else {
                String word = s.string("action", "");
                action = RelabelAction.ofText(word);
                if (action == null) {
                    throw Errors.at(s.line("action"), "unknown relabel action " + GoStrings.quote(word));
                }
            }
        }
        String regex = s.string("regex", RelabelConfig.DEFAULT_REGEX);
        try {
            Re2.compileAnchored(regex);
        } catch (IllegalArgumentException e) {
            throw Errors.at(s.line("regex"), e.getMessage());
        }
        long modulus = s.uint("modulus", 0);
        return new Parsed(sources, s.string("separator", RelabelConfig.DEFAULT_SEPARATOR), regex, s.has("regex"),
                modulus, s.string("target_label", ""), s.string("replacement", RelabelConfig.DEFAULT_REPLACEMENT),
                action, s.line());
    }

    static List<RelabelConfig> validateAll(List<Parsed> rules, NameValidationScheme scheme) {
        List<RelabelConfig> out = new ArrayList<>(rules.size());
        for (Parsed p : rules) {
            out.add(validate(p, scheme));
        }
        return out;
    }

    /** Prometheus's {@code relabel.Config.Validate}, producing the final rule. */
    static RelabelConfig validate(Parsed c, NameValidationScheme scheme) {
        int line = c.line();
        RelabelAction a = c.action();
        if (a == null) {
            throw Errors.at(line, "relabel action cannot be empty");
        }
        String act = a.text();
        if (c.modulus() == 0 && a == RelabelAction.HASHMOD) {
            throw Errors.at(line, "relabel configuration for hashmod requires non-zero modulus");
        }
        if (NEEDS_TARGET.contains(a) && c.targetLabel().isEmpty()) {
            throw Errors.at(line, "relabel configuration for " + act + " action requires 'target_label' value");
        }
        boolean targetHasVar = c.targetLabel().contains("$");
        if (a == RelabelAction.REPLACE && !targetHasVar && !scheme.isValidLabelName(c.targetLabel())) {
            throw invalidTarget(c, line);
        }
        if (a == RelabelAction.REPLACE && targetHasVar && !isValidNameWithVariables(c.targetLabel(), scheme)) {
            throw invalidTarget(c, line);
        }
        if (CASE_OR_EQUAL.contains(a) && !scheme.isValidLabelName(c.targetLabel())) {
            throw invalidTarget(c, line);
        }
        if (CASE_OR_EQUAL.contains(a) && !c.replacement().equals(RelabelConfig.DEFAULT_REPLACEMENT)) {
            throw Errors.at(line, "'replacement' can not be set for " + act + " action");
        }
        if (a == RelabelAction.LABELMAP && !isValidNameWithVariables(c.replacement(), scheme)) {
            throw Errors.at(line, GoStrings.quote(c.replacement()) + " is invalid 'replacement' for " + act + " action");
        }
        if (a == RelabelAction.HASHMOD && !scheme.isValidLabelName(c.targetLabel())) {
            throw invalidTarget(c, line);
        }
        if ((a == RelabelAction.DROPEQUAL || a == RelabelAction.KEEPEQUAL)
                && (c.regexSet() || c.modulus() != 0 || !c.separator().equals(RelabelConfig.DEFAULT_SEPARATOR)
                        || !c.replacement().equals(RelabelConfig.DEFAULT_REPLACEMENT))) {
            throw Errors.at(line, act + " action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if ((a == RelabelAction.LABELDROP || a == RelabelAction.LABELKEEP)
                && (!c.sourceLabels().isEmpty() || !c.targetLabel().isEmpty() || c.modulus() != 0
                        || !c.separator().equals(RelabelConfig.DEFAULT_SEPARATOR)
                        || !c.replacement().equals(RelabelConfig.DEFAULT_REPLACEMENT))) {
            throw Errors.at(line, act + " action requires only 'regex', and no other fields");
        }
        return new RelabelConfig(c.sourceLabels(), c.separator(), c.regex(), c.modulus(), c.targetLabel(),
                c.replacement(), a, scheme);
    }

    private static io.epimetheus.api.config.ConfigException invalidTarget(Parsed c, int line) {
        return Errors.at(line, GoStrings.quote(c.targetLabel()) + " is invalid 'target_label' for "
                + c.action().text() + " action");
    }

    /**
     * Whether a target label or replacement template can yield a valid name: under UTF-8 any valid
     * name; under legacy validation letters, digits and underscores with {@code $n}, {@code $name}
     * or {@code ${name}} references, not starting with a digit.
     */
    static boolean isValidNameWithVariables(String value, NameValidationScheme scheme) {
        if (scheme == NameValidationScheme.UTF8) {
            return scheme.isValidLabelName(value);
        }
        int i = 0;
        int n = value.length();
        if (n == 0) {
            return false;
        }
        boolean first = true;
        while (i < n) {
            char c = value.charAt(i);
            if (c == '$') {
                int j = i + 1;
                if (j < n && value.charAt(j) == '{') {
                    int k = j + 1;
                    while (k < n && isWordChar(value.charAt(k))) {
                        k++;
                    }
                    if (k == j + 1 || k >= n || value.charAt(k) != '}') {
                        return false;
                    }
                    i = k + 1;
                } else {
                    int k = j;
                    while (k < n && isWordChar(value.charAt(k))) {
                        k++;
                    }
                    if (k == j) {
                        return false;
                    }
                    i = k;
                }
            } else if (isWordChar(c)) {
                if (first && c >= '0' && c <= '9') {
                    return false;
                }
                i++;
            } else {
                return false;
            }
            first = false;
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
