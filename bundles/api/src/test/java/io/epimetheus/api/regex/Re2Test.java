package io.epimetheus.api.regex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-written cases for what Prometheus's regexp package (Go 1.24 syntax) accepts, rejects and
 * matches, beyond the recorded corpus of {@link Re2CorpusTest}: the syntax added after Go 1.19,
 * the translation points where Java differs from RE2, and template expansion.
 */
class Re2Test {

    @ParameterizedTest
    @ValueSource(strings = {
        "", "a", "a|", "|", "()", "(?:)", "(?P<name>x)", "(?<name>x)", "(?<n_1>x)(?P<_2>y)", "(?P<a>x)(?P<a>y)",
        "\\pL", "\\p{L}", "\\p{Lu}", "\\p{Greek}", "\\p{Old_Italic}", "\\p{SignWriting}", "\\PL", "\\P{Greek}", "\\p{^Greek}",
        "\\P{^Greek}", "\\p{Any}", "\\pC", "[\\p{Han}\\d]", "[[:alpha:]]", "[[:^alpha:]]", "[^[:word:]]", "\\Qa.b\\E", "\\Qa.b",
        "\\x{10FFFF}", "\\x7F", "\\x{0}", "\\123", "\\0", "\\A", "\\z", "\\b", "\\B", "^*", "$+", "\\b*", "a{1000}", "a{0,1000}",
        "(a{10}){100}", "(?i)", "(?i-s:a)", "(?U)a*", "(?m)^$", "(?s).", "(?)", "a{,5}", "a{", "{", "x{2", "[]a]", "[^]a]", "[a-]",
        "\\_", "\\-", "\\#", "\\ ", "😀+", "[😀-🙏]", "\\x{1F600}",
    })
    void accepts(String re) {
        assertNotNull(Re2.compileAnchored(re));
        assertNotNull(Re2.compile(re));
        assertNotNull(Re2.analyze(re));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "(a                | missing closing ): `(a`",
        "a)                | unexpected ): `a)`",
        "(?=a)             | invalid or unsupported Perl syntax: `(?=`",
        "(?!a)             | invalid or unsupported Perl syntax: `(?!`",
        "(?>a)             | invalid or unsupported Perl syntax: `(?>`",
        "(?#comment)       | invalid or unsupported Perl syntax: `(?#`",
        "(?x)a             | invalid or unsupported Perl syntax: `(?x`",
        "(?i-)a            | invalid or unsupported Perl syntax: `(?i-)`",
        "(?<=a)b           | invalid named capture: `(?<=a)b`",
        "(?<!a)>           | invalid named capture: `(?<!a)>`",
        "(?<>a)            | invalid named capture: `(?<>`",
        "(?<a-b>x)         | invalid named capture: `(?<a-b>`",
        "(?P<name         | invalid named capture: `(?P<name`",
        "(?P=name)         | invalid or unsupported Perl syntax: `(?P`",
        "\\1                | invalid escape sequence: `\\1`",
        "(a)\\1             | invalid escape sequence: `\\1`",
        "\\Z                | invalid escape sequence: `\\Z`",
        "\\G                | invalid escape sequence: `\\G`",
        "\\C                | invalid escape sequence: `\\C`",
        "\\X                | invalid escape sequence: `\\X`",
        "\\e                | invalid escape sequence: `\\e`",
        "\\u0041            | invalid escape sequence: `\\u`",
        "[\\b]              | invalid escape sequence: `\\b`",
        "\\x{110000}        | invalid escape sequence: `\\x{110000`",
        "a**               | invalid nested repetition operator: `**`",
        "a*+               | invalid nested repetition operator: `*+`",
        "a++               | invalid nested repetition operator: `++`",
        "a{2}{3}           | invalid nested repetition operator: `{2}{3}`",
        "a{1001}           | invalid repeat count: `{1001}`",
        "a{2,1}            | invalid repeat count: `{2,1}`",
        "(a{500}){3}       | invalid repeat count: `{3}`",
        "(a{500}){3}?      | invalid repeat count: `{3}?`",
        "*a                | missing argument to repetition operator: `*`",
        "'a|*'             | missing argument to repetition operator: `*`",
        "(?i)+             | missing argument to repetition operator: `+`",
        "[a                | missing closing ]: `[a`",
        "x[]               | missing closing ]: `[]`",
        "[z-a]             | invalid character class range: `z-a`",
        "[[:foo:]]         | invalid character class range: `[:foo:]`",
        // Prometheus's Go 1.24 syntax: exact, case-sensitive names, no aliases.
        "\\p{greek}         | invalid character class range: `\\p{greek}`",
        "\\p{Letter}        | invalid character class range: `\\p{Letter}`",
        "\\p{Assigned}      | invalid character class range: `\\p{Assigned}`",
        "\\p{ASCII}         | invalid character class range: `\\p{ASCII}`",
        "\\p{Cn}            | invalid character class range: `\\p{Cn}`",
        "\\p{IsGreek}       | invalid character class range: `\\p{IsGreek}`",
        "\\p{Lowercase}     | invalid character class range: `\\p{Lowercase}`",
        "\\pX               | invalid character class range: `\\pX`",
        "\\p{L              | invalid character class range: `\\p{L`",
        "a\\                | trailing backslash at end of expression: ``",
    })
    void rejectsWithGosMessage(String re, String message) {
        RegexSyntaxException e = assertThrows(RegexSyntaxException.class, () -> Re2.compileAnchored(re));
        assertEquals("error parsing regexp: " + message, e.getMessage());
        assertEquals(re, e.expression());
        assertEquals(e.getMessage(), "error parsing regexp: " + e.problem() + ": `" + e.fragment() + "`");
        assertThrows(RegexSyntaxException.class, () -> Re2.analyze(re));
        assertThrows(RegexSyntaxException.class, () -> Re2.compile(re));
    }

    @Test
    void rejectsUnpairedSurrogatesAsInvalidUtf8() {
        RegexSyntaxException e = assertThrows(RegexSyntaxException.class, () -> Re2.compileAnchored("ab\uD800c"));
        assertEquals("error parsing regexp: invalid UTF-8: `\uFFFDc`", e.getMessage());
        assertEquals("invalid UTF-8", e.problem());
        assertEquals("\uD800c", e.fragment());
        assertThrows(RegexSyntaxException.class, () -> Re2.compileAnchored("[\uDC00]"));
        assertThrows(RegexSyntaxException.class, () -> Re2.compileAnchored("(?P<a\uD800>x)"));
        assertTrue(Re2.compileAnchored("\uD83D\uDE00").matcher("😀").matches(), "a proper pair is one code point");
    }

    @Test
    void rejectsWhatGoFindsTooLargeOrTooDeep() {
        // 1000 copies of 1700 literals and 1700 dots exceed Go's 128 MB program limit...
        String large = "(" + "a.".repeat(1700) + "){1000}";
        assertEquals("error parsing regexp: expression too large: `" + large + "`",
                assertThrows(RegexSyntaxException.class, () -> Re2.compileAnchored(large)).getMessage());
        assertNotNull(Re2.compileAnchored("(" + "a.".repeat(1600) + "){1000}"));
        // ...but Go measures only when node count times repetitions could exceed it: literal runs pass
        assertNotNull(Re2.compileAnchored("x{2}(" + "a".repeat(5000) + "){1000}"));
        String deep = "(".repeat(1000) + "a" + ")".repeat(1000);
        assertEquals("expression nests too deeply", assertThrows(RegexSyntaxException.class, () -> Re2.compileAnchored(deep)).problem());
        String fine = "(".repeat(999) + "a" + ")".repeat(999);
        assertTrue(Re2.compileAnchored(fine).matcher("a").matches());
        String nonCapturing = "(?:".repeat(5000) + "a" + ")".repeat(5000); // not nodes in Go's tree
        assertTrue(Re2.compileAnchored(nonCapturing).matcher("a").matches());
    }

    /** regex | input | anchored (Prometheus) | unanchored find (Go regexp.MatchString). */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // . excludes only \n, and only without s; Prometheus turns s on.
        "a.c       | 'a\rc'     | true  | true",
        "a.c       | 'a\u0085c' | true  | true",
        "a.c       | 'a\u2028c' | true  | true",
        "a.c       | 'a\nc'     | true  | false",
        "(?-s)a.c  | 'a\nc'     | false | false",
        "a.c       | a😀c       | true  | true",
        "a..c      | a😀c       | false | false",
        // $ is the end of the text, not before a final newline
        "a$        | 'a\n'      | false | false",
        "(?m)a$    | 'a\n'      | false | true",
        "a\\z      | 'a\n'      | false | false",
        // multi-line ^ matches after a final newline, and only \n ends a line
        "(?m)\\n^   | 'a\n'      | false | true",
        "(?m)a$    | 'a\rb'     | false | false",
        "(?m)^b    | 'a\u2028b' | false | false",
        // Perl classes and \b are ASCII
        "\\d        | ٣          | false | false",
        "\\w        | é          | false | false",
        "\\s        | '\u000B'   | false | false",
        "[[:space:]] | '\u000B' | true  | true",
        "\\s        | '\u00A0'   | false | false",
        "\\S        | é          | true  | true",
        "é\\b       | é          | false | false",
        "a\\b       | aé         | false | true",
        "\\B        | é          | false | true",
        // Unicode classes
        "\\pL+      | Αβγé       | true  | true",
        "\\p{Greek}+ | Αβγ       | true  | true",
        "\\p{Greek} | a          | false | false",
        "\\PL       | 1          | true  | true",
        "\\p{^Greek} | a         | true  | true",
        "[^\\pL]    | a          | false | false",
        "\\pC       | '\u0378'   | false | false",
        "\\p{Any}   | '\n'       | true  | true",
        // case folding is Unicode simple folding, not Java's
        "(?i)k     | \u212A     | true  | true",
        "(?i)s     | \u017F     | true  | true",
        "(?i)i     | \u0131     | false | false",
        "(?i)i     | \u0130     | false | false",
        "(?i)σ     | ς          | true  | true",
        "(?i)ǅ     | ǆ          | true  | true",
        "(?i)ß     | ẞ          | true  | true",
        "(?i)\\w    | \u212A     | true  | true",
        "(?i)\\W    | \u212A     | false | false",
        "(?i)[^k]  | \u212A     | false | false",
        "(?i)foo   | FoO        | true  | true",
        "(?i:a)b   | AB         | false | false",
        "((?i)a)b  | Ab         | true  | true",
        "[a-z]     | \u212A     | false | false",
        // (?U) swaps greedy and lazy; Java's U flag means something else
        "(?U)a+    | aaa        | true  | true",
        // literal text
        "\\Qa.b\\E   | a.b        | true  | true",
        "\\Qa.b\\E   | axb        | false | false",
        "\\x{1F600} | 😀         | true  | true",
        "\\101\\x42  | AB         | true  | true",
        "a{,2}     | 'a{,2}'    | true  | true",
        // anchoring
        "bar       | foobar     | false | true",
        "'foo|bar' | foobar     | false | true",
        "'a|'      | ''         | true  | true",
        "()        | ''         | true  | true",
        "^*a       | a          | true  | true",
    })
    void matchesLikeGo(String re, String input, boolean anchored, boolean found) {
        assertEquals(anchored, Re2.compileAnchored(re).matcher(input).matches(), "anchored");
        assertEquals(anchored, Re2.compileAnchored(re).matcher(input).find(), "anchored via find");
        assertEquals(found, Re2.compile(re).matcher(input).find(), "unanchored");
    }

    @Test
    void caseFoldingOrbitsAreUnicodeSimpleFolding() {
        // as Go's unicode.SimpleFold orbits
        assertArrayEquals(new int[] {'K', 'k', 0x212A}, CaseFolding.orbit('k'));
        assertArrayEquals(new int[] {'S', 's', 0x17F}, CaseFolding.orbit(0x17F));
        assertArrayEquals(new int[] {0xB5, 0x39C, 0x3BC}, CaseFolding.orbit(0x3BC));
        assertArrayEquals(new int[] {0x3A3, 0x3C2, 0x3C3}, CaseFolding.orbit(0x3C2));
        assertArrayEquals(new int[] {0x398, 0x3B8, 0x3D1, 0x3F4}, CaseFolding.orbit(0x3B8));
        assertArrayEquals(new int[] {0x1C4, 0x1C5, 0x1C6}, CaseFolding.orbit(0x1C5));
        assertArrayEquals(new int[] {0xDF, 0x1E9E}, CaseFolding.orbit(0xDF));
        assertArrayEquals(new int[] {'I', 'i'}, CaseFolding.orbit('I'), "no Turkic dotted or dotless i");
        assertNull(CaseFolding.orbit(0x130));
        assertNull(CaseFolding.orbit(0x131));
        assertNull(CaseFolding.orbit('1'));
        assertArrayEquals(new int[] {0x10400, 0x10428}, CaseFolding.orbit(0x10428), "Deseret, outside the BMP");
        assertArrayEquals(new int[] {0x1E921, 0x1E943}, CaseFolding.orbit(0x1E943), "Adlam, the last cased letters");
    }

    @Test
    void ungreedyFlagSwapsPreferences() {
        Matcher m = Re2.compile("(?U)(a+)(a*)").matcher("aaa");
        assertTrue(m.find());
        assertEquals("a", m.group(1));
        assertEquals("", m.group(2));
        m = Re2.compile("(?U)(a+?)(a*)").matcher("aaa");
        assertTrue(m.find());
        assertEquals("aaa", m.group(1));
    }

    @Test
    void groupsAreNumberedAsInGo() {
        Matcher m = Re2.compileAnchored("(?P<first>a)(?:b)(?<second>c)(d)").matcher("abcd");
        assertTrue(m.matches());
        assertEquals(3, m.groupCount());
        assertEquals("a", m.group(1));
        assertEquals("c", m.group(2));
        assertEquals("d", m.group(3));
    }

    @Test
    void leftmostFirstAlternationAndLongInput() {
        Matcher m = Re2.compile("(a|ab)(c|bcd)(d*)").matcher("abcd");
        assertTrue(m.find());
        assertEquals("a", m.group(1));
        assertEquals("bcd", m.group(2));
        // single-character alternatives become a class, which Java loops over without recursing
        assertTrue(Re2.compileAnchored("(a|b|c)*").matcher("abc".repeat(50_000)).matches());
    }

    /** template | expected, for "(?P<first>\w+)-(?P<second>\w+)(x)?" matching "foo-bar". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "$1               | foo",
        "${1}             | foo",
        "$2-$1            | bar-foo",
        "$first/$second   | foo/bar",
        "${first}x        | foox",
        "$firstx          | ''",
        "$1x              | ''",
        "${1}x            | foox",
        "$0               | foo-bar",
        "$00              | ''",
        "$01              | ''",
        "$3               | ''",
        "$4               | ''",
        "$99999999999     | ''",
        "$$               | $",
        "$$1              | $1",
        "$                | $",
        "a$               | a$",
        "$-               | $-",
        "${               | ${",
        "${1              | ${1",
        "${}              | ${}",
        "${first          | ${first",
        "${fir-st}        | ${fir-st}",
        "$é               | ''",
        "$nope            | ''",
        "no refs          | no refs",
        "[$1]:[$second]   | [foo]:[bar]",
    })
    void expandsLikeGo(String template, String expected) {
        Matcher m = Re2.compileAnchored("(?P<first>\\w+)-(?P<second>\\w+)(x)?").matcher("foo-bar");
        assertTrue(m.matches());
        assertEquals(expected, Re2.expand(template, m));
        StringBuilder sb = new StringBuilder("<");
        Re2.expand(template, m, sb);
        assertEquals("<" + expected, sb.toString());
    }

    @Test
    void expandUsesTheFirstParticipatingGroupOfAName() {
        Pattern p = Re2.compileAnchored("(?P<v>x)|(?P<v>y)|(?<_Z>z)");
        Matcher m = p.matcher("y");
        assertTrue(m.matches());
        assertEquals("[y]", Re2.expand("[$v]", m));
        m = p.matcher("z");
        assertTrue(m.matches());
        assertEquals("[][z]", Re2.expand("[$v][${_Z}]", m));
        // names Go allows and Java does not: digits first, underscores
        m = Re2.compileAnchored("(?P<01>a)(?P<1x>b)(?P<_>c)").matcher("abc");
        assertTrue(m.matches());
        assertEquals("a|b|c|a", Re2.expand("$01|$1x|$_|$1", m));
    }

    @Test
    void expandsTheRelabelConformanceCases() {
        // model/relabel TestRelabel cases 1, 2, 16, 19 and 32 (see conformance/relabel/README.md)
        assertEquals("choo-choo", expandOn("f(.*)", "foo", "ch${1}-ch${1}"));
        assertEquals("boobam", expandOn("f(.*);(.*)r", "foo;bar", "b${1}${2}m"));
        assertEquals("boooom", expandOn("(b).*b(.*)ba(.*)", "baz;boobam", "$1$2$2$3"));
        assertEquals("name", expandOn("some-([^-]+)-([^,]+)", "some-name-value", "${1}"));
        assertEquals("", expandOn("some-([^-]+)-([^,]+)", "some-name-value", "${3}"));
        assertEquals("/secret", expandOn("(?:.+,|^)path:(/[^,]+).*", "path:/secret,job:some-job,label:foo=bar", "${1}"));
        assertEquals("foo", expandOn("(?:.+,|^)label:([^=]+)=([^,]+).*", "path:/secret,job:some-job,label:foo=bar", "${1}"));
        assertEquals("val_line2", expandOn("(line1).*(?<second>line2)", "line1\nline2", "val_${second}"));
        assertEquals("label2_line1", expandOn("(line1).*(?<second>line2)", "line1\nline2", "label2_$1"));
        assertEquals("match", expandOn("line1.*line2", "line1\nline2", "match${1}"));
    }

    private static String expandOn(String re, String value, String template) {
        Matcher m = Re2.compileAnchored(re).matcher(value);
        assertTrue(m.matches(), re + " should match " + value);
        return Re2.expand(template, m);
    }

    @Test
    void anchoredPatternsIgnoreFindVersusMatches() {
        Pattern p = Re2.compileAnchored("b|ab");
        assertTrue(p.matcher("ab").matches());
        Matcher m = p.matcher("xab");
        assertFalse(m.find());
    }
}
