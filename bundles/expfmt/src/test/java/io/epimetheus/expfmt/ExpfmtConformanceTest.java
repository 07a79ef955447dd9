package io.epimetheus.expfmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.expfmt.ExpositionParser.Entry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every entry and error table of {@code conformance/expfmt/README.md} (Prometheus's own parser
 * tests), transcribed into {@code src/test/resources/expfmt-cases}; see the README there for
 * how the tables are read.
 */
class ExpfmtConformanceTest {

    private static final String DIR = "/expfmt-cases/";

    @Test
    void promParse() throws Exception {
        runEntries("1-prom-parse.md", ExpositionFormat.PROMETHEUS_TEXT);
    }

    @Test
    void promParseUtf8() throws Exception {
        runEntries("2-prom-utf8.md", ExpositionFormat.PROMETHEUS_TEXT);
    }

    @Test
    void openMetricsParse() throws Exception {
        runEntries("4-om-parse.md", ExpositionFormat.OPENMETRICS);
    }

    @Test
    void openMetricsParseUtf8() throws Exception {
        runEntries("5-om-utf8.md", ExpositionFormat.OPENMETRICS);
    }

    @TestFactory
    Stream<DynamicTest> promErrors() {
        return errorTests("3-prom-errors.md", ExpositionFormat.PROMETHEUS_TEXT);
    }

    @TestFactory
    Stream<DynamicTest> openMetricsErrors() {
        return errorTests("6-om-errors.md", ExpositionFormat.OPENMETRICS);
    }

    @Test
    void transcriptionMatchesTheSharedReadme() throws IOException {
        Path readme = Path.of(System.getProperty("conformance.dir", "../../../shared/conformance"), "expfmt", "README.md");
        if (!Files.exists(readme)) {
            return; // the copies are the test data; the shared folder is only a cross-check
        }
        String shared = Files.readString(readme);
        for (String f : List.of("1-prom-parse.md", "2-prom-utf8.md", "3-prom-errors.md", "4-om-parse.md",
                "5-om-utf8.md", "6-om-errors.md")) {
            assertTrue(shared.contains(resource(f).stripTrailing()), f + " is no longer a verbatim section of " + readme);
        }
    }

    // ---- entry tables

    private record Row(int number, String kind, String series, String labels, String value, String timestamp,
            String extra) {
    }

    private static void runEntries(String file, ExpositionFormat format) throws Exception {
        String text = resource(file);
        Matcher m = Pattern.compile("Input \\((\\d+) bytes; parsed as one document\\):\\n\\n~~~~text\\n(.*?)~~~~",
                Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "no input in " + file);
        String fenced = m.group(2);
        byte[] input = decodeHexEscapes(fenced.substring(0, fenced.length() - 1));
        assertEquals(Integer.parseInt(m.group(1)), input.length, "input size of " + file);

        List<Row> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.matches("\\| \\d+ \\| [A-Z]+ \\|.*")) {
                List<String> c = cells(line);
                rows.add(new Row(Integer.parseInt(c.get(0)), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5), c.get(6)));
            }
        }
        assertFalse(rows.isEmpty());

        boolean om = format == ExpositionFormat.OPENMETRICS;
        ExpositionParser p = format.newParser(ParseOptions.DEFAULT.withSkipCreatedSeries(om)).reset(input, input.length);
        LabelsBuilder lb = new LabelsBuilder();
        for (Row r : rows) {
            String where = file + " entry " + r.number;
            Entry e = p.next();
            assertEquals(r.kind, e.name(), where);
            switch (e) {
                case HELP -> {
                    assertEquals(r.series, p.metricFamily(), where);
                    assertEquals(r.extra, render(p.help()), where);
                }
                case TYPE -> {
                    assertEquals(r.series, p.metricFamily(), where);
                    assertEquals(r.extra, p.type().text(), where);
                }
                case UNIT -> {
                    assertEquals(r.series, p.metricFamily(), where);
                    assertEquals(r.extra, p.unit(), where);
                }
                case COMMENT -> assertEquals(r.extra, render(p.comment()), where);
                case SERIES -> checkSeries(p, lb, r, where);
                default -> fail(where + ": unexpected " + e);
            }
        }
        assertEquals(Entry.END, p.next(), file + ": more entries than the table has");
    }

    private static void checkSeries(ExpositionParser p, LabelsBuilder lb, Row r, String where) {
        String raw = new String(p.buffer(), p.seriesOffset(), p.seriesLength(), StandardCharsets.UTF_8);
        assertEquals(r.series, render(raw), where);
        p.labels(lb);
        assertEquals(parseLabels(r.labels), lb.build(), where);
        double expected = r.value.isEmpty() ? 0 : r.value.contains("NormalNaN") ? Double.NaN : Double.parseDouble(r.value);
        assertEquals(expected, p.value(), where);
        if (Double.isNaN(expected)) {
            assertEquals(0x7ff8000000000001L, Double.doubleToRawLongBits(p.value()), where + ": Prometheus's normal NaN");
        }
        assertEquals(!r.timestamp.isEmpty(), p.hasTimestamp(), where);
        if (!r.timestamp.isEmpty()) {
            assertEquals(Long.parseLong(r.timestamp), p.timestamp(), where);
        }
        Matcher st = Pattern.compile("start ts: `(\\d+)`").matcher(r.extra);
        assertEquals(st.find() ? Long.parseLong(st.group(1)) : 0L, p.startTimestamp(), where + " start timestamp");
        Matcher ex = Pattern.compile("exemplars: `\\{'Labels': \\{(.*?)\\}, 'Value': ([^,}]+)(?:, 'HasTs': True, 'Ts': (\\d+))?\\}`")
                .matcher(r.extra);
        Exemplar exemplar = p.exemplar();
        if (ex.find()) {
            assertNotNull(exemplar, where);
            LabelsBuilder b = new LabelsBuilder();
            Matcher kv = Pattern.compile("'([^']*)': '([^']*)'").matcher(ex.group(1));
            while (kv.find()) {
                b.set(kv.group(1), kv.group(2));
            }
            assertEquals(b.build(), exemplar.labels(), where);
            assertEquals(Double.parseDouble(ex.group(2)), exemplar.value(), where);
            assertEquals(ex.group(3) == null ? Exemplar.NO_TIMESTAMP : Long.parseLong(ex.group(3)),
                    exemplar.timestampMillis(), where);
        } else {
            assertNull(exemplar, where);
        }
    }

    // ---- error tables

    private static Stream<DynamicTest> errorTests(String file, ExpositionFormat format) {
        Set<Integer> raw = rawRows(file);
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : resource(file).split("\n")) {
            if (!line.matches("\\| \\d+ \\| `.*")) {
                continue;
            }
            List<String> c = cells(line);
            int n = Integer.parseInt(c.get(0));
            byte[] input = raw.contains(n) ? c.get(1).getBytes(StandardCharsets.UTF_8) : goUnescape(c.get(1));
            String expected = c.get(2);
            for (boolean strict : new boolean[] {false, true}) {
                tests.add(DynamicTest.dynamicTest(file + " #" + n + (strict ? " strict" : ""), () -> {
                    ExpositionParser p = format.newParser(ParseOptions.DEFAULT.withStrict(strict)).reset(input, input.length);
                    String got = "EOF";
                    try {
                        while (p.next() != Entry.END) {
                            // read on to the error or the end
                        }
                    } catch (ExpositionParseException e) {
                        got = e.reason();
                        assertTrue(e.line() >= 1 && e.column() >= 1 && e.offset() >= 0 && e.offset() <= input.length);
                    }
                    assertEquals(expected, got);
                }));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    private static Set<Integer> rawRows(String file) {
        Set<Integer> rows = new HashSet<>();
        for (String line : resource("raw-inputs.txt").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(file)) {
                rows.add(Integer.parseInt(f[1]));
            }
        }
        return rows;
    }

    // ---- reading the tables

    /** The cells of a table row, without their backticks. */
    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        int i = 1;
        while (i < row.length()) {
            int j = i;
            while (row.charAt(j) == ' ') {
                j++;
            }
            int end;
            String cell;
            if (row.charAt(j) == '`') {
                int close = row.indexOf("` |", j + 1);
                // An empty code span is two backticks.
                if (row.startsWith("`` |", j)) {
                    close = j + 1;
                }
                cell = row.substring(j + 1, close);
                end = row.indexOf('|', close + 1);
            } else {
                end = row.indexOf('|', j);
                cell = row.substring(j, end).trim();
            }
            out.add(cell);
            i = end + 1;
        }
        return out;
    }

    /** The README's labels column: {@code {name="value", ...}}, values JSON-quoted, names bare. */
    private static Labels parseLabels(String cell) {
        LabelsBuilder b = new LabelsBuilder();
        String s = cell.substring(1, cell.length() - 1);
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf("=\"", i);
            String name = s.substring(i, eq).replace("\\n", "\n").replace("\\\"", "\"");
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (s.charAt(j) != '"') {
                char c = s.charAt(j++);
                if (c == '\\') {
                    char d = s.charAt(j++);
                    switch (d) {
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'u' -> {
                            value.append((char) Integer.parseInt(s.substring(j, j + 4), 16));
                            j += 4;
                        }
                        default -> value.append(d);
                    }
                } else {
                    value.append(c);
                }
            }
            b.set(name, value.toString());
            i = j + 1;
            if (s.startsWith(", ", i)) {
                i += 2;
            }
        }
        return b.build();
    }

    /** How the tables show text: newline as {@code \n}, other control bytes as {@code \xNN}. */
    private static String render(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static byte[] decodeHexEscapes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\' && i + 3 < b.length && b[i + 1] == 'x' && isHex(b[i + 2]) && isHex(b[i + 3])) {
                out.write(Integer.parseInt(new String(b, i + 2, 2, StandardCharsets.US_ASCII), 16));
                i += 3;
            } else {
                out.write(b[i]);
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Resolves the escapes of a Go interpreted string literal. */
    static byte[] goUnescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\\') {
                out.write(b[i]);
                continue;
            }
            char d = (char) b[++i];
            switch (d) {
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'r' -> out.write('\r');
                case 'x' -> {
                    out.write(Integer.parseInt(new String(b, i + 1, 2, StandardCharsets.US_ASCII), 16));
                    i += 2;
                }
                default -> out.write(d);
            }
        }
        return out.toByteArray();
    }

    static String resource(String name) {
        try (InputStream in = ExpfmtConformanceTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
