package io.epimetheus.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.epimetheus.api.config.NameValidationScheme;
import io.epimetheus.api.config.RelabelAction;
import io.epimetheus.api.config.RelabelConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The 34 cases of Prometheus's {@code TestRelabel}, read from the table in
 * {@code conformance/relabel/README.md}: input labels, rules (fields not shown take the defaults),
 * expected labels or "dropped". Name validation is UTF-8, as in the upstream test.
 */
class RelabelConformanceTest {

    private static final Path README = Path.of(System.getProperty("conformance.dir"), "relabel", "README.md");
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (.*) \\|$");
    private static final Pattern RULE = Pattern.compile("^\\d+\\. `(.*)`$");

    record Case(int number, Labels input, List<RelabelConfig> rules, Labels expected) {
    }

    @TestFactory
    Stream<DynamicTest> table1() throws IOException {
        List<Case> cases = cases();
        assertEquals(34, cases.size(), "TestRelabel cases in the README");
        return cases.stream().map(c -> DynamicTest.dynamicTest("case " + c.number(), () -> {
            Labels out = Relabeler.compile(c.rules()).process(c.input(), new LabelsBuilder());
            if (c.expected() == null) {
                assertNull(out, "case " + c.number() + " drops the target");
            } else {
                assertEquals(c.expected(), out, "case " + c.number());
            }
        }));
    }

    @Test
    void unchangedLabelsAreReturnedAsIs() {
        Labels in = Labels.of("a", "foo");
        RelabelConfig keep = new RelabelConfig(List.of("a"), ";", "f.*", 0, "", "$1", RelabelAction.KEEP,
                NameValidationScheme.UTF8);
        assertSame(in, Relabeler.compile(List.of(keep)).process(in, new LabelsBuilder()));
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("## Table 1")) {
                inTable = true;
                continue;
            }
            if (inTable && line.startsWith("## ")) {
                break;
            }
            Matcher m = ROW.matcher(line);
            if (!inTable || !m.matches()) {
                continue;
            }
            List<String> cells = cells(m.group(2));
            List<RelabelConfig> rules = new ArrayList<>();
            for (String r : cells.get(1).split("<br>")) {
                Matcher rm = RULE.matcher(r.strip());
                if (!rm.matches()) {
                    throw new IllegalStateException("rule syntax: " + r);
                }
                rules.add(rule(rm.group(1)));
            }
            String expected = cells.get(2);
            out.add(new Case(Integer.parseInt(m.group(1)), labels(unquoteCode(cells.get(0))), rules,
                    expected.equals("**dropped**") ? null : labels(unquoteCode(expected))));
        }
        return out;
    }

    /** Splits table cells on " | " (a pipe inside a cell is written "\|"). */
    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        for (String c : row.replace("\\|", "\u0000").split(" \\| ")) {
            cells.add(c.replace("\u0000", "|"));
        }
        return cells;
    }

    private static String unquoteCode(String s) {
        return s.substring(1, s.length() - 1);
    }

    /** {@code {a="foo", utf-8.label="x\ny"}} with JSON string values. */
    static Labels labels(String text) {
        LabelsBuilder b = new LabelsBuilder();
        int i = 1;
        while (i < text.length() - 1) {
            int eq = text.indexOf('=', i);
            String name = text.substring(i, eq);
            int[] end = new int[1];
            String value = jsonString(text, eq + 1, end);
            b.set(name, value);
            i = end[0];
            if (text.startsWith(", ", i)) {
                i += 2;
            }
        }
        return b.build();
    }

    /** A rule written {@code action: replace; source_labels: [a, b]; regex: "f(.*)"; ...}. */
    static RelabelConfig rule(String text) {
        Map<String, Object> fields = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int colon = text.indexOf(": ", i);
            String key = text.substring(i, colon);
            i = colon + 2;
            Object value;
            if (text.charAt(i) == '"') {
                int[] end = new int[1];
                value = jsonString(text, i, end);
                i = end[0];
            } else if (text.charAt(i) == '[') {
                int close = text.indexOf(']', i);
                List<String> list = new ArrayList<>();
                for (String s : text.substring(i + 1, close).split(", ")) {
                    list.add(s.strip());
                }
                value = list;
                i = close + 1;
            } else {
                int semi = text.indexOf(';', i);
                int end = semi < 0 ? text.length() : semi;
                value = text.substring(i, end);
                i = end;
            }
            fields.put(key, value);
            if (text.startsWith("; ", i)) {
                i += 2;
            }
        }
        @SuppressWarnings("unchecked")
        List<String> sources = (List<String>) fields.getOrDefault("source_labels", List.of());
        return new RelabelConfig(sources, (String) fields.getOrDefault("separator", ";"),
                (String) fields.getOrDefault("regex", RelabelConfig.DEFAULT_REGEX),
                Long.parseLong((String) fields.getOrDefault("modulus", "0")),
                (String) fields.getOrDefault("target_label", ""),
                (String) fields.getOrDefault("replacement", RelabelConfig.DEFAULT_REPLACEMENT),
                RelabelAction.ofText((String) fields.getOrDefault("action", "replace")), NameValidationScheme.UTF8);
    }

    private static String jsonString(String text, int start, int[] end) {
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (text.charAt(i) != '"') {
            char c = text.charAt(i);
            if (c == '\\') {
                char e = text.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    default -> sb.append('\\').append(e);
                }
            } else {
                sb.append(c);
            }
            i++;
        }
        end[0] = i + 1;
        return sb.toString();
    }
}
