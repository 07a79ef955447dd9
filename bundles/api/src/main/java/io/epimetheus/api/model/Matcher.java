package io.epimetheus.api.model;

import io.epimetheus.api.regex.Re2;
import io.epimetheus.api.regex.RegexShape;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A label matcher: {@code name op "value"} with the four PromQL operators.
 *
 * <p>Regular expressions use RE2 syntax (as Go and so Prometheus do), are fully anchored, and
 * {@code .} matches newlines (Prometheus 3.x). Constructs RE2 rejects (backreferences,
 * lookaround, possessive quantifiers) are rejected here too, with Go's error text. A label that is
 * absent counts as the empty string, so {@code foo=""} matches series without {@code foo}.
 *
 * <p>A matcher analyses its expression once: literal sets ({@code a|b|c}), prefixes
 * ({@code foo.*}), suffixes, substrings and match-anything forms are answered without running the
 * regex engine, and storage can use {@link #setMatches()} and {@link #prefix()} to look postings up
 * directly. Instances are immutable and thread-safe.
 */
public final class Matcher {

    private final MatchType type;
    private final String name;
    private final String value;
    private final RegexShape shape; // null for EQUAL/NOT_EQUAL
    private final Pattern pattern; // null unless the shape needs the regex engine
    private final Set<String> set; // exact alternatives, or null

    private Matcher(MatchType type, String name, String value) {
        this.type = Objects.requireNonNull(type, "type");
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
            this.shape = Re2.analyze(value);
            this.pattern = shape.needsRegex() ? Re2.compileAnchored(value) : null;
            this.set = shape.literals() == null ? null : Set.copyOf(shape.literals());
        } else {
            this.shape = null;
            this.pattern = null;
            this.set = null;
        }
    }

    /**
     * Creates a matcher.
     *
     * @throws io.epimetheus.api.regex.RegexSyntaxException if a regex operator is given an
     *     expression RE2 does not accept
     */
    public static Matcher of(MatchType type, String name, String value) {
        return new Matcher(type, name, value);
    }

    /** {@code name="value"}. */
    public static Matcher equal(String name, String value) {
        return new Matcher(MatchType.EQUAL, name, value);
    }

    /** {@code name!="value"}. */
    public static Matcher notEqual(String name, String value) {
        return new Matcher(MatchType.NOT_EQUAL, name, value);
    }

    /** {@code name=~"regex"}. */
    public static Matcher regex(String name, String regex) {
        return new Matcher(MatchType.REGEX, name, regex);
    }

    /** {@code name!~"regex"}. */
    public static Matcher notRegex(String name, String regex) {
        return new Matcher(MatchType.NOT_REGEX, name, regex);
    }

    public MatchType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** Whether {@code v} (the empty string for an absent label) satisfies this matcher. */
    public boolean matches(String v) {
        return switch (type) {
            case EQUAL -> value.equals(v);
            case NOT_EQUAL -> !value.equals(v);
            case REGEX -> regexMatches(v);
            case NOT_REGEX -> !regexMatches(v);
        };
    }

    /** Whether this matcher selects series that do not have the label at all. */
    public boolean matchesEmpty() {
        return matches("");
    }

    /** Whether the labels satisfy this matcher (an absent label is the empty string). */
    public boolean matches(Labels labels) {
        return matches(labels.getOrEmpty(name));
    }

    /**
     * For {@code =}, the one value; for {@code =~} over a finite set of literal alternatives
     * ({@code a|b|c}), those values; otherwise {@code null}. Storage can look these values up
     * directly instead of scanning all values of the label.
     */
    public List<String> setMatches() {
        if (type == MatchType.EQUAL) {
            return List.of(value);
        }
        if (type == MatchType.REGEX && shape.literals() != null) {
            return shape.literals();
        }
        return null;
    }

    /**
     * A literal every matching value of an {@code =~} matcher starts with (empty when there is
     * none); storage can restrict a scan of sorted values to it. Empty for other types.
     */
    public String prefix() {
        return type == MatchType.REGEX ? shape.prefix() : "";
    }

    private boolean regexMatches(String v) {
        RegexShape s = shape;
        return switch (s.kind()) {
            case ANY -> true;
            case NON_EMPTY -> !v.isEmpty();
            case LITERAL_SET -> set.contains(v);
            case PREFIX -> v.startsWith(s.prefix());
            case SUFFIX -> v.endsWith(s.suffix());
            case CONTAINS -> v.contains(s.contains());
            case GENERAL -> v.startsWith(s.prefix()) && v.endsWith(s.suffix())
                    && pattern.matcher(v).matches();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    /** PromQL form: {@code name="value"}, the name quoted when it is not a legacy identifier. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name.length() + value.length() + 6);
        if (Labels.isLegacyLabelName(name)) {
            sb.append(name);
        } else {
            Labels.appendQuoted(sb, name);
        }
        sb.append(type.operator());
        Labels.appendQuoted(sb, value);
        return sb.toString();
    }
}
