package io.epimetheus.api.config;

import java.util.List;
import java.util.Objects;

/**
 * One relabeling rule ({@code relabel_configs}, {@code metric_relabel_configs},
 * {@code write_relabel_configs}, {@code alert_relabel_configs}), validated, with Prometheus's
 * defaults for absent fields. The regular expression is kept as written (RE2 syntax, anchored at
 * both ends when applied); an explicit empty or null {@code regex} stays the empty expression.
 *
 * @param sourceLabels the labels whose values are joined with {@code separator}
 * @param separator joins the source values; {@value #DEFAULT_SEPARATOR} by default
 * @param regex the expression matched against the joined value (or label names); {@value #DEFAULT_REGEX} by default
 * @param modulus the {@code hashmod} modulus, 0 when unset
 * @param targetLabel the label written, "" when unset; may contain {@code $1}-style references for {@code replace}
 * @param replacement the template written for {@code replace} and {@code labelmap}; {@value #DEFAULT_REPLACEMENT} by default
 * @param action what the rule does
 * @param nameValidation the name validation scheme that target labels must satisfy
 */
public record RelabelConfig(List<String> sourceLabels, String separator, String regex, long modulus,
        String targetLabel, String replacement, RelabelAction action, NameValidationScheme nameValidation) {

    /** The default separator. */
    public static final String DEFAULT_SEPARATOR = ";";
    /** The default regular expression. */
    public static final String DEFAULT_REGEX = "(.*)";
    /** The default replacement. */
    public static final String DEFAULT_REPLACEMENT = "$1";

    public RelabelConfig {
        sourceLabels = List.copyOf(sourceLabels);
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(regex, "regex");
        Objects.requireNonNull(targetLabel, "targetLabel");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(nameValidation, "nameValidation");
    }
}
