package io.epimetheus.api.regex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Differential test against Go: {@code go-regexp-cases.txt} holds what Go's regexp package answered
 * for about a thousand expressions (curated and random) on many inputs: the parse error, or the
 * groups of the anchored match Prometheus's matchers use and of Go's unanchored leftmost-first
 * search. {@code generate-go-regexp-cases.go} next to it recorded them.
 */
class Re2CorpusTest {

    /** One expression: Go's error message (null when valid) and, per input, the recorded groups. */
    record Case(String regex, String error, List<String[]> matches) {
    }

    @TestFactory
    Stream<DynamicTest> agreesWithGo() throws IOException {
        return load().stream().map(c -> DynamicTest.dynamicTest(c.regex.isEmpty() ? "(empty)" : c.regex, () -> check(c)));
    }

    private static void check(Case c) {
        if (c.error != null) {
            RegexSyntaxException e = assertThrows(RegexSyntaxException.class, () -> Re2.compileAnchored(c.regex));
            assertEquals(c.error, e.getMessage());
            assertEquals(c.error, assertThrows(RegexSyntaxException.class, () -> Re2.compile(c.regex)).getMessage());
            assertEquals(c.error, assertThrows(RegexSyntaxException.class, () -> Re2.analyze(c.regex)).getMessage());
            return;
        }
        Pattern anchored = Re2.compileAnchored(c.regex);
        Pattern plain = Re2.compile(c.regex);
        // Known difference: Go drops an empty iteration of a loop after the first, Java keeps one,
        // so groups inside a loop whose body can match empty may end up elsewhere. Whether and what
        // the whole expression matches is still the same.
        boolean wholeMatchOnly = hasNullableLoopWithGroup(Parser.parse(c.regex, true));
        List<String> failures = new ArrayList<>();
        for (String[] m : c.matches) {
            String input = m[0];
            Matcher am = anchored.matcher(input);
            String a = am.matches() ? groups(am, wholeMatchOnly) : "-";
            Matcher pm = plain.matcher(input);
            String p = pm.find() ? groups(pm, wholeMatchOnly) : "-";
            String goA = wholeMatchOnly ? m[1].split(";")[0] : m[1];
            String goP = wholeMatchOnly ? m[2].split(";")[0] : m[2];
            if (!a.equals(goA) || !p.equals(goP)) {
                failures.add(quote(input) + ": anchored " + a + " (Go " + m[1] + "), unanchored " + p + " (Go " + m[2] + ")");
            }
        }
        if (!failures.isEmpty()) {
            fail(quote(c.regex) + " as " + anchored.pattern() + "\n  " + String.join("\n  ", failures));
        }
    }

    private static boolean hasNullableLoopWithGroup(Node n) {
        if (n.kind == Node.Kind.REPEAT && n.max != 1 && nullable(n.subs.get(0)) && hasGroup(n.subs.get(0))) {
            return true;
        }
        return n.subs.stream().anyMatch(Re2CorpusTest::hasNullableLoopWithGroup);
    }

    private static boolean nullable(Node n) {
        return switch (n.kind) {
            case LITERAL, CLASS -> false;
            case CONCAT -> n.subs.stream().allMatch(Re2CorpusTest::nullable);
            case ALTERNATE -> n.subs.stream().anyMatch(Re2CorpusTest::nullable);
            case REPEAT -> n.min == 0 || nullable(n.subs.get(0));
            case CAPTURE -> nullable(n.subs.get(0));
            default -> true;
        };
    }

    private static boolean hasGroup(Node n) {
        return n.kind == Node.Kind.CAPTURE || n.subs.stream().anyMatch(Re2CorpusTest::hasGroup);
    }

    private static String groups(Matcher m, boolean wholeMatchOnly) {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g <= (wholeMatchOnly ? 0 : m.groupCount()); g++) {
            if (g > 0) {
                sb.append(';');
            }
            sb.append(m.start(g)).append(',').append(m.end(g));
        }
        return sb.toString();
    }

    static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = Re2CorpusTest.class.getResourceAsStream("go-regexp-cases.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            Case current = null;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f[0].equals("R")) {
                    current = new Case(GoQuote.unquote(f[1]), f[2].equals("ERR") ? GoQuote.unquote(f[3]) : null, new ArrayList<>());
                    cases.add(current);
                } else {
                    current.matches.add(new String[] {GoQuote.unquote(f[1]), f[2], f[3]});
                }
            }
        }
        return cases;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\u{%x}", c));
            }
        });
        return sb.append('"').toString();
    }
}
