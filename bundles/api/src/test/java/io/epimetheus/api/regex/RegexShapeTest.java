package io.epimetheus.api.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.epimetheus.api.regex.RegexShape.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Re2#analyze}: the reduced shapes, and that they agree exactly with the regex engine. */
class RegexShapeTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        ".*; ANY", ".*?; ANY", "(.*); ANY", ".*.*; ANY", "(?s:.*); ANY", "^.*$; ANY", "[\\s\\S]*; ANY", "(?U).*; ANY",
        "(?i).*; ANY", ".{0,}; ANY",
        ".+; NON_EMPTY", ".*.+; NON_EMPTY", "..*; NON_EMPTY", ".{1,}; NON_EMPTY", "(.+); NON_EMPTY", "^.+$; NON_EMPTY",
    })
    void matchAnythingShapes(String re, Kind kind) {
        RegexShape s = Re2.analyze(re);
        assertEquals(kind, s.kind());
        assertFalse(s.needsRegex());
        assertEquals("", s.prefix());
        assertEquals("", s.suffix());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "foo; foo",
        "foo|bar|baz; bar,baz,foo",
        "(a|b|c); a,b,c",
        "(?:foo|bar); bar,foo",
        "foo\\.bar; foo.bar",
        "\\Qa.b*\\E; a.b*",
        "^foo$; foo",
        "^(?:foo|bar)$; bar,foo",
        "'^a$|^b$'; a,b",
        "(?m)^foo$; foo",
        "fo(o|b)ar; fobar,fooar",
        "[ab]c; ac,bc",
        "a?b; ab,b",
        "x{2}; xx",
        "(ab){1,2}; ab,abab",
        "foo|foo; foo",
        "[0-3]; 0,1,2,3",
        "\\x{1F600}|é; é,😀",
        "(?i)123; 123",
        "a{0}b; b",
    })
    void literalSets(String re, String literals) {
        RegexShape s = Re2.analyze(re);
        assertEquals(Kind.LITERAL_SET, s.kind());
        assertEquals(Arrays.asList(literals.split(",")), s.literals());
        assertFalse(s.needsRegex());
    }

    @Test
    void literalsAreInCodePointOrder() {
        // String.compareTo would put U+1F600 (a surrogate pair) before U+FF5E
        assertEquals(List.of("a", "\uFF5E", "\uD83D\uDE00"), Re2.analyze("\\x{1F600}|\\x{FF5E}|a").literals());
        assertEquals(List.of("b\uFF5E", "b\uD83D\uDE00"), Re2.analyze("b\\x{1F600}|b\\x{FF5E}").literals());
    }

    @Test
    void literalSetEdgeCases() {
        assertEquals(List.of(""), Re2.analyze("").literals());
        assertEquals(List.of("", "a"), Re2.analyze("a|").literals());
        assertEquals(List.of(""), Re2.analyze("()").literals());
        assertEquals(List.of(""), Re2.analyze("(?:)").literals());
        assertEquals(List.of(), Re2.analyze("[^\\x00-\\x{10FFFF}]").literals(), "matches nothing");
        RegexShape s = Re2.analyze("prod-1|prod-2|prod-3");
        assertEquals("prod-", s.prefix());
        assertEquals("", s.suffix());
        s = Re2.analyze("a.x|b.x");
        assertEquals(Kind.GENERAL, s.kind());
        assertEquals("x", s.suffix());
        String many = IntStream.range(0, 300).mapToObj(i -> "v" + i).collect(Collectors.joining("|"));
        s = Re2.analyze(many);
        assertEquals(Kind.GENERAL, s.kind(), "at most 256 literals");
        assertEquals("v", s.prefix());
        assertEquals(Kind.GENERAL, Re2.analyze("[a-z]{3}").kind(), "26^3 strings is too many");
        assertEquals(256, Re2.analyze("[0-9a-f]{2}").literals().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "(?i)foo", "(?i)k", "(?i:a)|b", "(?i)[a-c]", "(?i)\\x{212A}",
    })
    void caseInsensitivePartsAreNeverLiterals(String re) {
        RegexShape s = Re2.analyze(re);
        assertEquals(Kind.GENERAL, s.kind());
        assertNull(s.literals());
        assertTrue(s.needsRegex());
    }

    /** regex; kind; prefix; suffix; contains. */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', value = {
        "foo.*; PREFIX; foo; ''; ''",
        "foo.*.*; PREFIX; foo; ''; ''",
        "(foo).*; PREFIX; foo; ''; ''",
        "foo(?i).*; PREFIX; foo; ''; ''",
        "\\Qa.b\\E.*; PREFIX; a.b; ''; ''",
        "^foo.*$; PREFIX; foo; ''; ''",
        ".*foo; SUFFIX; ''; foo; ''",
        "(.*)_total; SUFFIX; ''; _total; ''",
        ".*foo.*; CONTAINS; ''; ''; foo",
        ".*.*foo.*; CONTAINS; ''; ''; foo",
        ".*(foo).*; CONTAINS; ''; ''; foo",
        "foo.+; GENERAL; foo; ''; ''",
        ".+foo; GENERAL; ''; foo; ''",
        "api_.*_total; GENERAL; api_; _total; ''",
        "a.*b.*c; GENERAL; a; c; ''",
        "(?i)foo.*; GENERAL; ''; ''; ''",
        ".*(?i)foo; GENERAL; ''; ''; ''",
        "(?-s).*; GENERAL; ''; ''; ''",
        "(?-s)foo.*; GENERAL; foo; ''; ''",
        "(?-s).*foo.*; GENERAL; ''; ''; ''",
        "foo\\b.*; GENERAL; foo; ''; ''",
        "foo$.*; GENERAL; foo; ''; ''",
        "(foo|foobar)x.*; GENERAL; foo; ''; ''",
        "(prod|staging)-[a-z]+-\\d+; GENERAL; ''; ''; ''",
        "node_(cpu|memory)_.*; GENERAL; node_; ''; ''",
        "a+; GENERAL; a; a; ''",
        "(ab)+; GENERAL; ab; ab; ''",
        "\\d+; GENERAL; ''; ''; ''",
        "😀+x; GENERAL; 😀; 😀x; ''",
    })
    void prefixSuffixContainsAndGeneral(String re, Kind kind, String prefix, String suffix, String contains) {
        RegexShape s = Re2.analyze(re);
        assertEquals(kind, s.kind());
        assertEquals(prefix, s.prefix());
        assertEquals(suffix, s.suffix());
        assertEquals(contains, s.contains());
        assertNull(s.literals());
        assertEquals(kind == Kind.GENERAL, s.needsRegex());
    }

    @Test
    void commonAffixesNeverSplitSurrogatePairs() {
        // U+1F600 and U+1F601 share their high surrogate
        RegexShape s = Re2.analyze("\\x{1F600}a|\\x{1F601}a");
        assertEquals(Kind.LITERAL_SET, s.kind());
        assertEquals("", s.prefix());
        assertEquals("a", s.suffix());
        // U+1F600 and U+10600 share their low surrogate
        s = Re2.analyze("a\\x{1F600}|b\\x{10600}");
        assertEquals("", s.suffix());
    }

    @Test
    void rejectsWhatGoRejects() {
        assertThrows(RegexSyntaxException.class, () -> Re2.analyze("(a"));
        assertThrows(RegexSyntaxException.class, () -> Re2.analyze("a**"));
    }

    /**
     * The shape must decide exactly as the regex engine for every expression of the Go corpus, on
     * the recorded inputs and on random strings made of the expression's own characters.
     */
    @Test
    void shapesAgreeWithTheEngineOnTheCorpus() throws IOException {
        Random random = new Random(42);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Re2CorpusTest.Case c : Re2CorpusTest.load()) {
            if (c.error() != null) {
                continue;
            }
            RegexShape shape = Re2.analyze(c.regex());
            Pattern p = Re2.compileAnchored(c.regex());
            List<String> inputs = new ArrayList<>();
            c.matches().forEach(m -> inputs.add(m[0]));
            inputs.addAll(shape.literals() == null ? List.of() : shape.literals());
            inputs.addAll(randomInputs(c.regex(), shape, random, 40));
            for (String in : inputs) {
                checked++;
                String problem = disagreement(shape, p, in);
                if (problem != null) {
                    failures.add(c.regex() + " on \"" + in + "\": " + problem + " " + shape);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " disagreements, e.g.\n" + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
        assertTrue(checked > 40_000, "checked " + checked);
    }

    @Test
    void shapesAgreeWithTheEngineOnMatcherLikeExpressions() {
        Random random = new Random(7);
        String[] expressions = {
            ".*", ".+", "foo", "foo|bar|baz", "foo.*", ".*foo", ".*foo.*", "foo.+", ".+foo", "(foo|bar).*", "api_.*_total",
            "a.*b.*c", "(?i)foo.*", "foo(?i).*", "(?-s).*", "(?-s)foo.*", "foo\\b.*", "[ab]c|d", "(a|ab)(c|bcd)", "x?y?z?",
            "prod-[0-9]+", ".*\\n.*", "\\Q.*\\E.*", "😀.*", ".*😀", "(?s:.)", "..", ".?", "(a|)+b", "^$", "$^", "a^b", "(?m)^a$",
        };
        for (String re : expressions) {
            RegexShape shape = Re2.analyze(re);
            Pattern p = Re2.compileAnchored(re);
            for (String in : randomInputs(re, shape, random, 400)) {
                String problem = disagreement(shape, p, in);
                if (problem != null) {
                    fail(re + " on \"" + in + "\": " + problem + " " + shape);
                }
            }
        }
    }

    /** Null when the shape agrees with the pattern on {@code in}, else what is wrong. */
    private static String disagreement(RegexShape s, Pattern p, String in) {
        boolean expected = p.matcher(in).matches();
        if (expected && !(in.startsWith(s.prefix()) && in.endsWith(s.suffix()))) {
            return "a match lacks the prefix or suffix";
        }
        boolean byShape = switch (s.kind()) {
            case ANY -> true;
            case NON_EMPTY -> !in.isEmpty();
            case LITERAL_SET -> s.literals().contains(in);
            case PREFIX -> in.startsWith(s.prefix());
            case SUFFIX -> in.endsWith(s.suffix());
            case CONTAINS -> in.contains(s.contains());
            case GENERAL -> expected;
        };
        return byShape == expected ? null : "shape says " + byShape + ", engine " + expected;
    }

    /** Strings built from the expression's own characters, its affixes and a few tricky ones. */
    private static List<String> randomInputs(String re, RegexShape shape, Random random, int count) {
        Set<String> parts = new LinkedHashSet<>();
        re.codePoints().forEach(c -> parts.add(new String(Character.toChars(c))));
        parts.addAll(List.of("\n", "a", "é", "😀", "\u212A", "K", "k", "", "x", "_", "-", "1"));
        for (String affix : new String[] {shape.prefix(), shape.suffix(), shape.contains()}) {
            if (!affix.isEmpty()) {
                parts.add(affix);
            }
        }
        if (shape.literals() != null) {
            parts.addAll(shape.literals());
        }
        List<String> alphabet = new ArrayList<>(parts);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(6);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.get(random.nextInt(alphabet.size())));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
