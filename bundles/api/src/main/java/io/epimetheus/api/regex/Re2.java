package io.epimetheus.api.regex;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's RE2 regular expressions (as Prometheus uses them) on top of {@code java.util.regex}.
 *
 * <p>An expression is parsed with Go's syntax and rules ({@code regexp/syntax} with Perl flags):
 * what Go rejects is rejected with Go's message, and what it accepts is translated into a Java
 * pattern with the same matches and the same numbered groups. The translation spells out what the
 * two engines disagree on: {@code .} excludes only {@code \n}; {@code $} is the end of the text;
 * {@code \d \s \w \b} are ASCII; {@code (?i)} uses Unicode simple case folding; {@code (?U)} swaps
 * greedy and lazy; POSIX and Unicode classes have Go's members. The Java pattern is compiled
 * without flags.
 *
 * <p>Differences that remain: the Java engine backtracks, so a pathological expression
 * ({@code (a+)+b}) can take exponential time, and a loop over a multi-character alternation
 * ({@code (foo|bar)*}) recurses per iteration and can overflow the stack on input of thousands of
 * characters, where RE2 is linear (single-character alternations become classes and loop
 * iteratively; so do groups repeated outside other loops, while groups repeated inside them take
 * Java's recursive loop, the only one that tracks their positions correctly). Unicode tables are
 * the running JDK's (Java 17 has Unicode 13, Prometheus's Go 15). For a loop whose body can match
 * empty ({@code (a|)+}), Go drops an empty iteration after the first and Java keeps one, so group
 * positions, and for an unanchored search the end of the match, may differ; whether an anchored
 * expression matches does not. Prometheus wraps relabel and {@code label_replace} expressions
 * textually ({@code "^(?s:" + re + ")$"}), so there a stray {@code )} can close its group early and
 * errors quote the wrapped text; here the expression is parsed on its own, as for label matchers.
 *
 * <p>All methods are thread-safe; compiled patterns are immutable.
 */
public final class Re2 {

    private Re2() {
    }

    /**
     * Compiles a fully anchored expression the way Prometheus 3 does for label matchers and
     * relabeling ({@code ^(?s:re)$}): it must match the whole value, and {@code .} matches a
     * newline unless the expression turns the {@code s} flag off. Use {@link Matcher#matches()} or
     * {@link Matcher#find()}; both give the same answer.
     *
     * @throws RegexSyntaxException if Go would reject {@code re}, with Go's message
     */
    public static Pattern compileAnchored(String re) {
        return Pattern.compile(JavaEmitter.emit(Parser.parse(re, true), true));
    }

    /**
     * Compiles an expression as Go's {@code regexp.Compile} does: unanchored (use
     * {@link Matcher#find()}), leftmost-first, {@code .} not matching a newline by default.
     *
     * @throws RegexSyntaxException if Go would reject {@code re}, with Go's message
     */
    public static Pattern compile(String re) {
        return Pattern.compile(JavaEmitter.emit(Parser.parse(re, false), false));
    }

    /**
     * The shape of the fully anchored expression (as {@link #compileAnchored}), so callers can skip
     * the regex engine for literal sets, prefixes, suffixes, substrings and match-anything forms.
     *
     * @throws RegexSyntaxException if Go would reject {@code re}, with Go's message
     */
    public static RegexShape analyze(String re) {
        return ShapeAnalyzer.analyze(Parser.parse(re, true));
    }

    /**
     * Expands a replacement template with the groups of a successful match, as Go's
     * {@code Regexp.Expand}: {@code $1} and {@code ${1}} are numbered groups, {@code $name} and
     * {@code ${name}} named ones, {@code $$} is a {@code $}. A bare name is the longest run of
     * letters, digits and underscores, so {@code $1x} refers to the group named {@code 1x}; write
     * {@code ${1}x} instead. A group that does not exist or did not participate expands to nothing;
     * a {@code $} not followed by a valid reference is copied as is.
     *
     * @param m a matcher of a pattern from this class, positioned on a match
     */
    public static String expand(String template, Matcher m) {
        if (template.indexOf('$') < 0) {
            return template;
        }
        StringBuilder sb = new StringBuilder(template.length() + 16);
        expand(template, m, sb);
        return sb.toString();
    }

    /** {@link #expand(String, Matcher)} appending to {@code out}. */
    public static void expand(String template, Matcher m, StringBuilder out) {
        int n = template.length();
        int i = 0;
        while (i < n) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < n && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean brace = i < n && template.charAt(i) == '{';
            int nameStart = brace ? i + 1 : i;
            int nameEnd = nameStart;
            while (nameEnd < n) {
                int c = template.codePointAt(nameEnd);
                if (!Character.isLetter(c) && !Character.isDigit(c) && c != '_') {
                    break;
                }
                nameEnd += Character.charCount(c);
            }
            if (nameEnd == nameStart || (brace && (nameEnd >= n || template.charAt(nameEnd) != '}'))) {
                out.append('$'); // malformed: the $ is text
                continue;
            }
            appendGroup(template, nameStart, nameEnd, m, out);
            i = brace ? nameEnd + 1 : nameEnd;
        }
        out.append(template, i, n);
    }

    private static void appendGroup(String template, int from, int to, Matcher m, StringBuilder out) {
        int num = groupNumber(template, from, to);
        if (num >= 0) {
            if (num <= m.groupCount() && m.start(num) >= 0) {
                out.append(m.group(num));
            }
            return;
        }
        String name = template.substring(from, to);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return; // not a possible group name
            }
        }
        // The first group of that name that took part in the match, as Go picks it.
        String java = m.pattern().pattern();
        for (int occurrence = 1; ; occurrence++) {
            String javaName = JavaEmitter.javaGroupName(name, occurrence);
            if (!java.contains("(?<" + javaName + ">")) {
                return;
            }
            if (m.start(javaName) >= 0) {
                out.append(m.group(javaName));
                return;
            }
        }
    }

    /** The group number a template name denotes, or -1 when it is a name (Go: no leading zeros). */
    private static int groupNumber(String s, int from, int to) {
        if (to - from > 1 && s.charAt(from) == '0') {
            return -1;
        }
        int num = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || num >= 100_000_000) {
                return -1;
            }
            num = num * 10 + c - '0';
        }
        return num;
    }
}
