package io.epimetheus.api.regex;

import java.util.List;

/**
 * What an anchored regular expression reduces to, so common label matchers skip the regex
 * engine: {@code .*} matches anything, {@code .+} anything non-empty, {@code a|b|c} a finite set,
 * {@code foo.*} a prefix, {@code .*foo} a suffix, {@code .*foo.*} a substring. Anything else is
 * {@link Kind#GENERAL}; its {@link #prefix()} and {@link #suffix()} still narrow candidates cheaply
 * before the full match.
 *
 * @param kind the reduced form
 * @param literals for {@link Kind#LITERAL_SET}, the exact strings matched, distinct and sorted by code
 *     point (the order of label values in the index); else null
 * @param prefix a literal every match starts with ("" when none)
 * @param suffix a literal every match ends with ("" when none)
 * @param contains for {@link Kind#CONTAINS}, the substring; else ""
 */
public record RegexShape(Kind kind, List<String> literals, String prefix, String suffix, String contains) {

    /** The reduced form of an expression. */
    public enum Kind { ANY, NON_EMPTY, LITERAL_SET, PREFIX, SUFFIX, CONTAINS, GENERAL }

    /** Whether matching needs the compiled regular expression. */
    public boolean needsRegex() {
        return kind == Kind.GENERAL;
    }
}
