package io.epimetheus.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.regex.RegexSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatcherTest {

    @Test
    void fourOperators() {
        assertTrue(Matcher.equal("job", "api").matches("api"));
        assertFalse(Matcher.equal("job", "api").matches("api2"));
        assertTrue(Matcher.notEqual("job", "api").matches("web"));
        assertFalse(Matcher.notEqual("job", "api").matches("api"));
        assertTrue(Matcher.regex("job", "api|web").matches("web"));
        assertFalse(Matcher.regex("job", "api|web").matches("db"));
        assertTrue(Matcher.notRegex("job", "api|web").matches("db"));
        assertFalse(Matcher.notRegex("job", "api|web").matches("api"));
        for (MatchType t : MatchType.values()) {
            Matcher m = Matcher.of(t, "job", "api");
            assertEquals(t, m.type());
            assertEquals("job", m.name());
            assertEquals("api", m.value());
            assertEquals(t.isNegative(), !m.matches("api"));
            assertEquals(t, MatchType.ofOperator(t.operator()));
        }
        assertNull(MatchType.ofOperator("=="));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "bar         | foobar     | false",
        "bar         | barfoo     | false",
        "bar         | bar        | true",
        "'foo|bar'   | foobar     | false",
        "b.r         | bar        | true",
        "b.r         | xbarx      | false",
        ".*          | ''         | true",
        ".*          | 'a\nb'     | true",
        ".+          | ''         | false",
        "''          | ''         | true",
        "''          | a          | false",
        "'a|'        | ''         | true",
        "foo.*       | foo        | true",
        "foo.*       | xfoo       | false",
        ".*foo       | 'x\nfoo'   | true",
        "(?-s).*foo  | 'x\nfoo'   | false",
        ".*foo.*     | afoob      | true",
        "(?i)foo     | FOO        | true",
        "^foo$       | foo        | true",
        "'(prod|staging)-[a-z]+-\\d+' | prod-eu-1  | true",
        "'(prod|staging)-[a-z]+-\\d+' | prod-eu-1x | false",
    })
    void regexesAreFullyAnchored(String re, String value, boolean matches) {
        assertEquals(matches, Matcher.regex("l", re).matches(value));
        assertEquals(!matches, Matcher.notRegex("l", re).matches(value));
    }

    @Test
    void absentLabelsAreEmptyValues() {
        Labels series = Labels.of("__name__", "up", "job", "api");
        assertTrue(Matcher.equal("foo", "").matches(series));
        assertFalse(Matcher.notEqual("foo", "").matches(series));
        assertTrue(Matcher.notEqual("foo", "bar").matches(series));
        assertTrue(Matcher.regex("foo", ".*").matches(series));
        assertTrue(Matcher.regex("foo", "|bar").matches(series));
        assertFalse(Matcher.regex("foo", ".+").matches(series));
        assertTrue(Matcher.notRegex("foo", ".+").matches(series));
        assertTrue(Matcher.notRegex("foo", "bar").matches(series));
        assertTrue(Matcher.regex("__name__", "u.").matches(series));
        assertTrue(Matcher.equal("foo", "").matchesEmpty());
        assertTrue(Matcher.regex("foo", "a*").matchesEmpty());
        assertFalse(Matcher.regex("foo", "a+").matchesEmpty());
        assertFalse(Matcher.notEqual("foo", "").matchesEmpty());
    }

    /** The series and selectors of conformance/promql/selectors.test, without the engine. */
    @Test
    void selectsTheSeriesOfTheConformanceSelectors() {
        List<Labels> series = new ArrayList<>();
        for (String job : new String[] {"api-server", "app-server"}) {
            for (String group : new String[] {"production", "canary"}) {
                for (String instance : new String[] {"0", "1"}) {
                    series.add(Labels.of("__name__", "http_requests_total", "job", job, "instance", instance, "group", group));
                }
            }
        }
        series.add(Labels.of("__name__", "x", "y", "testvalue"));

        assertEquals(9, select(series, Matcher.regex("__name__", ".+")).size());
        assertEquals(List.of("app-server/0/canary", "app-server/0/production", "app-server/1/canary", "app-server/1/production"),
                select(series, Matcher.regex("job", ".+-server"), Matcher.notRegex("job", "api-.+")));
        assertEquals(List.of("api-server/0/production", "api-server/1/production", "app-server/0/production", "app-server/1/production"),
                select(series, Matcher.regex("job", ".+-server"), Matcher.notEqual("group", "canary")));
        assertEquals(List.of("api-server/0/production", "api-server/1/production"),
                select(series, Matcher.equal("group", "production"), Matcher.regex("job", "api-.+")));
        assertEquals(4, select(series, Matcher.regex("group", "pro.*")).size());
        assertEquals(List.of("api-server/1/canary", "app-server/1/canary"),
                select(series, Matcher.regex("group", ".*ry"), Matcher.equal("instance", "1")));
        // issue 3575: negative matchers on a label no series has
        assertEquals(8, select(series, Matcher.equal("__name__", "http_requests_total"), Matcher.notEqual("foo", "bar")).size());
        assertEquals(2, select(series, Matcher.notRegex("foo", "bar"), Matcher.equal("job", "api-server"), Matcher.equal("instance", "1"),
                Matcher.notEqual("x", "y"), Matcher.equal("z", ""), Matcher.notEqual("group", "")).size());
        // issue 7994: case-insensitive parts
        for (String re : new String[] {"(?i:PRO).*", ".*?(?i:PRO).*", ".*(?i:DUC).*", ".*(?i:TION)", ".*(?i:TION).*?",
            "((?i)PRO).*", ".*((?i)DUC).*", ".*((?i)TION)", "(?i:PRODUCTION)"}) {
            assertEquals(4, select(series, Matcher.regex("group", re)).size(), re);
        }
        assertEquals(8, select(series, Matcher.regex("group", ".*(?i:C).*")).size());
    }

    private static List<String> select(List<Labels> series, Matcher... matchers) {
        return series.stream()
                .filter(s -> List.of(matchers).stream().allMatch(m -> m.matches(s)))
                .map(s -> s.getOrEmpty("job") + "/" + s.getOrEmpty("instance") + "/" + s.getOrEmpty("group"))
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void setMatchesAndPrefixForStorage() {
        assertEquals(List.of("a"), Matcher.equal("l", "a").setMatches());
        assertEquals(List.of("bar", "baz", "foo"), Matcher.regex("l", "foo|bar|baz").setMatches());
        assertEquals(List.of("a", "b"), Matcher.regex("l", "(a|b)").setMatches());
        assertNull(Matcher.regex("l", "foo.*").setMatches());
        assertNull(Matcher.notRegex("l", "foo|bar").setMatches());
        assertNull(Matcher.notEqual("l", "a").setMatches());
        assertEquals("foo", Matcher.regex("l", "foo.*").prefix());
        assertEquals("api_", Matcher.regex("l", "api_.*_total").prefix());
        assertEquals("prod-", Matcher.regex("l", "prod-1|prod-2").prefix());
        assertEquals("", Matcher.regex("l", ".*foo").prefix());
        assertEquals("", Matcher.notRegex("l", "foo.*").prefix());
        assertEquals("", Matcher.equal("l", "foo").prefix());
    }

    @Test
    void invalidRegexesAreRejectedWithGosMessage() {
        RegexSyntaxException e = assertThrows(RegexSyntaxException.class, () -> Matcher.regex("l", "(a"));
        assertEquals("error parsing regexp: missing closing ): `(a`", e.getMessage());
        assertThrows(RegexSyntaxException.class, () -> Matcher.notRegex("l", "a(?=b)"));
        assertThrows(RegexSyntaxException.class, () -> Matcher.of(MatchType.REGEX, "l", "\\1"));
        Matcher literal = Matcher.equal("l", "(a");
        assertTrue(literal.matches("(a"), "equality takes the value literally");
    }

    @Test
    void equalityHashAndPromQLForm() {
        assertEquals(Matcher.regex("a", "b.*"), Matcher.of(MatchType.REGEX, "a", "b.*"));
        assertEquals(Matcher.regex("a", "b.*").hashCode(), Matcher.of(MatchType.REGEX, "a", "b.*").hashCode());
        assertNotEquals(Matcher.regex("a", "b"), Matcher.equal("a", "b"));
        assertNotEquals(Matcher.equal("a", "b"), Matcher.equal("a", "c"));
        assertNotEquals(Matcher.equal("a", "b"), Matcher.equal("x", "b"));
        assertEquals("job=\"api\"", Matcher.equal("job", "api").toString());
        assertEquals("job!=\"api\"", Matcher.notEqual("job", "api").toString());
        assertEquals("job=~\"a\\\\.b\"", Matcher.regex("job", "a\\.b").toString());
        assertEquals("job!~\"x\\\"y\"", Matcher.notRegex("job", "x\"y").toString());
        assertEquals("\"foo.bar\"=\"1\"", Matcher.equal("foo.bar", "1").toString());
        assertThrows(NullPointerException.class, () -> Matcher.equal(null, "x"));
        assertThrows(NullPointerException.class, () -> Matcher.equal("x", null));
    }

    /**
     * The fast paths (literal set, prefix, suffix, substring, anything) must answer exactly as the
     * regex engine would, including on newlines, case variants and characters outside the BMP.
     */
    @Test
    void fastPathsAgreeWithTheRegexEngine() {
        String[] expressions = {
            ".*", ".+", ".*?", "(.*)", "foo", "foo|bar|baz", "(a|b|c)", "(?:foo|bar)", "foo\\.bar", "foo.*", ".*foo",
            ".*foo.*", "foo.+", ".+foo", "api_.*_total", "(?i)foo", "(?i)foo.*", "foo(?i)bar.*", ".*(?i)bar", "(?-s).*",
            "(?-s)foo.*", "[ab]c", "[0-9]+", "prod-[0-9]", "x?y?", "^foo$", "foo$|bar", "\\Qa.*\\E.*", "😀.*", ".*😀",
            ".*\\n", "a{2,3}", "(a|ab)(c|bcd)", "", "|x", "[^a]*", ".*.*x.*.*",
        };
        String[] pieces = {"", "foo", "bar", "baz", "FOO", "Bar", "a", "b", "c", "ab", "x", "y", ".", "*", "\n", "_total", "api_",
            "prod-", "1", "😀", "é", "K", "\u212A", "\\"};
        Random random = new Random(11);
        for (String re : expressions) {
            Matcher m = Matcher.regex("l", re);
            Matcher neg = Matcher.notRegex("l", re);
            Pattern engine = Pattern.compile(io.epimetheus.api.regex.Re2.compileAnchored(re).pattern());
            for (int i = 0; i < 2_000; i++) {
                StringBuilder sb = new StringBuilder();
                int n = random.nextInt(5);
                for (int k = 0; k < n; k++) {
                    sb.append(pieces[random.nextInt(pieces.length)]);
                }
                String v = sb.toString();
                boolean expected = engine.matcher(v).matches();
                assertEquals(expected, m.matches(v), () -> re + " on \"" + v + "\"");
                assertEquals(!expected, neg.matches(v), () -> "negated " + re + " on \"" + v + "\"");
                if (expected) {
                    assertTrue(v.startsWith(m.prefix()), () -> re + " prefix " + m.prefix());
                    if (m.setMatches() != null) {
                        assertTrue(m.setMatches().contains(v), () -> re + " set " + m.setMatches());
                    }
                }
            }
        }
    }
}
