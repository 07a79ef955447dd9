package io.epimetheus.expfmt;

import static io.epimetheus.expfmt.ExpositionFormat.OPENMETRICS;
import static io.epimetheus.expfmt.ExpositionFormat.PROMETHEUS_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.expfmt.ExpositionParser.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpositionParserTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ExpositionParser parser(ExpositionFormat f, String body, ParseOptions o) {
        byte[] b = utf8(body);
        return f.newParser(o).reset(b, b.length);
    }

    private static ExpositionParser parser(ExpositionFormat f, String body) {
        return parser(f, body, ParseOptions.DEFAULT);
    }

    /** The labels of every series, in order. */
    private static List<Labels> series(ExpositionParser p) throws ExpositionParseException {
        List<Labels> out = new ArrayList<>();
        LabelsBuilder b = new LabelsBuilder();
        for (Entry e = p.next(); e != Entry.END; e = p.next()) {
            if (e == Entry.SERIES) {
                p.labels(b);
                out.add(b.build());
            }
        }
        return out;
    }

    private static ExpositionParseException failure(ExpositionFormat f, String body, ParseOptions o) {
        ExpositionParser p = parser(f, body, o);
        return assertThrows(ExpositionParseException.class, () -> {
            while (p.next() != Entry.END) {
                // read to the error
            }
        });
    }

    private static ExpositionParseException failure(ExpositionFormat f, String body) {
        return failure(f, body, ParseOptions.DEFAULT);
    }

    @Test
    void seriesCanBeRecognisedByTheirRawBytesWithoutBuildingLabels() throws Exception {
        String body = "# TYPE up gauge\nup{job=\"a\"} 1 1000\nup{job=\"b\"} 0\n";
        ExpositionParser p = parser(PROMETHEUS_TEXT, body);
        assertEquals(Entry.TYPE, p.next());
        assertEquals(Entry.SERIES, p.next());
        assertEquals("up{job=\"a\"}", new String(p.buffer(), p.seriesOffset(), p.seriesLength(), StandardCharsets.UTF_8));
        long hashA = p.seriesHash();
        assertEquals(1, p.value());
        assertTrue(p.hasTimestamp());
        assertEquals(1000, p.timestamp());
        assertEquals(Entry.SERIES, p.next());
        assertFalse(p.hasTimestamp());
        assertTrue(hashA != p.seriesHash());

        // The same series text elsewhere hashes the same.
        ExpositionParser q = parser(PROMETHEUS_TEXT, "other 2\nup{job=\"a\"} 3\n");
        q.next();
        q.next();
        assertEquals(hashA, q.seriesHash());
        assertEquals(3, q.value());
    }

    @Test
    void parsersAreReusableAndRespectTheLength() throws Exception {
        ExpositionParser p = PROMETHEUS_TEXT.newParser(ParseOptions.DEFAULT);
        byte[] big = utf8("a 1\nb 2\ngarbage that is not part of the body {{{");
        p.reset(big, 8);
        assertEquals(List.of(Labels.of("__name__", "a"), Labels.of("__name__", "b")), series(p));
        assertEquals(Entry.END, p.next());
        assertEquals(Entry.END, p.next());
        byte[] other = utf8("c 3");
        p.reset(other, other.length);
        assertEquals(List.of(Labels.of("__name__", "c")), series(p));
        // Without a final newline the text parser reads a copy ending in one.
        assertNotSame(other, p.buffer());
        assertThrows(IllegalArgumentException.class, () -> p.reset(other, 10));
    }

    @Test
    void labelsAreUnescapedAndEmptyValuesDropped() throws Exception {
        ExpositionParser p = parser(PROMETHEUS_TEXT,
                "m{a=\"q\\\"uo\\\\te\\nnl\",b=\"\",c=\"\\x unknown escape\",\"d.e\"=\"f\"} 1\n");
        assertEquals(List.of(Labels.of("__name__", "m", "a", "q\"uo\\te\nnl", "c", "\\x unknown escape", "d.e", "f")),
                series(p));
    }

    /** Per series, the names of its explicitly empty labels. */
    private static List<List<String>> emptyLabelNames(ExpositionParser p) throws ExpositionParseException {
        List<List<String>> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Entry e = p.next(); e != Entry.END; e = p.next()) {
            if (e == Entry.SERIES) {
                names.clear();
                assertEquals(p.emptyLabelNames(names), names.size());
                out.add(List.copyOf(names));
            }
        }
        return out;
    }

    @Test
    void explicitlyEmptyLabelsAreReportedByName() throws Exception {
        String text = """
                push_time_seconds{instance="",job="batch"} 1.7e9
                m{job="a", instance = "" ,"quoted.name"="","esc\\\\aped"=""} 1
                m{a="instance=\\"\\""} 1
                m 1
                {"dotted.metric",instance=""} 1
                """;
        List<List<String>> expected = List.of(List.of("instance"), List.of("instance", "quoted.name", "esc\\aped"),
                List.of(), List.of(), List.of("instance"));
        assertEquals(expected, emptyLabelNames(parser(PROMETHEUS_TEXT, text)));
        String om = text.replace(" = \"\" ,", "=\"\",").replace("job=\"a\", ", "job=\"a\",") + "# EOF\n";
        assertEquals(expected, emptyLabelNames(parser(OPENMETRICS, om)));
        // The same names labels() gives, so a caller can look them up in what it built.
        ExpositionParser p = parser(PROMETHEUS_TEXT, "m{instance=\"\",job=\"a\"} 1\n");
        p.next();
        LabelsBuilder b = new LabelsBuilder();
        p.labels(b);
        List<String> names = new ArrayList<>();
        p.emptyLabelNames(names);
        assertNull(b.get("instance"));
        List<String> again = new ArrayList<>();
        p.emptyLabelNames(again);
        assertSame(names.get(0), again.get(0));
    }

    @Test
    void leAndQuantileAreCanonicalOnlyInHistogramsAndSummaries() throws Exception {
        String body = """
                # TYPE h histogram
                h_bucket{le="1"} 1
                h_bucket{le="1e3"} 1
                h_bucket{le="+Inf"} 1
                h_count{le="1"} 1
                # TYPE s summary
                s{quantile="0"} 1
                s{quantile="0.5"} 1
                # TYPE g gauge
                g{le="1",quantile="0"} 1
                """;
        List<Labels> got = series(parser(PROMETHEUS_TEXT, body));
        assertEquals("1.0", got.get(0).get("le"));
        assertEquals("1000.0", got.get(1).get("le"));
        assertEquals("+Inf", got.get(2).get("le"));
        assertEquals("1", got.get(3).get("le"));
        assertEquals("0.0", got.get(4).get("quantile"));
        assertEquals("0.5", got.get(5).get("quantile"));
        assertEquals("1", got.get(6).get("le"));
        assertEquals("0", got.get(6).get("quantile"));
    }

    @Test
    void labelStringsAreShared() throws Exception {
        ExpositionParser p = parser(PROMETHEUS_TEXT, "a{job=\"node\"} 1\nb{job=\"node\"} 2\n");
        List<Labels> got = series(p);
        assertSame(got.get(0).get("job"), got.get(1).get("job"));
    }

    private static String raw(ExpositionParser p, int offset, int length) {
        return new String(p.buffer(), offset, length, StandardCharsets.UTF_8);
    }

    @Test
    void metadataEntries() throws Exception {
        ExpositionParser p = parser(PROMETHEUS_TEXT, "# HELP x A \\\\ b\\n \\\"c\\\"\n# TYPE x untyped\n# plain comment\n");
        assertEquals(Entry.HELP, p.next());
        assertEquals("x", p.metricFamily());
        assertEquals("A \\ b\n \\\"c\\\"", p.help());
        assertEquals("x", raw(p, p.metricFamilyOffset(), p.metricFamilyLength()));
        assertEquals("A \\\\ b\\n \\\"c\\\"", raw(p, p.textOffset(), p.textLength()));
        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.UNKNOWN, p.type());
        assertEquals("x", raw(p, p.metricFamilyOffset(), p.metricFamilyLength()));
        assertEquals(Entry.COMMENT, p.next());
        assertEquals("# plain comment", p.comment());
        assertEquals(Entry.END, p.next());

        ExpositionParser om = parser(OPENMETRICS,
                "# HELP \"x.y\" A \\\\ b\\n \\\"c\\\"\n# UNIT x_seconds seconds\n# TYPE x_seconds stateset\n# EOF\n");
        assertEquals(Entry.HELP, om.next());
        assertEquals("x.y", om.metricFamily());
        assertEquals("A \\ b\n \"c\"", om.help());
        assertEquals("x.y", raw(om, om.metricFamilyOffset(), om.metricFamilyLength()));
        assertEquals("A \\\\ b\\n \\\"c\\\"", raw(om, om.textOffset(), om.textLength()));
        assertEquals(Entry.UNIT, om.next());
        assertEquals("seconds", om.unit());
        assertEquals("x_seconds", raw(om, om.metricFamilyOffset(), om.metricFamilyLength()));
        assertEquals("seconds", raw(om, om.textOffset(), om.textLength()));
        assertEquals(Entry.TYPE, om.next());
        assertEquals(MetricType.STATESET, om.type());
        assertEquals(Entry.END, om.next());
    }

    @Test
    void nanIsNeverAStalenessMarker() throws Exception {
        ExpositionParser p = parser(PROMETHEUS_TEXT, "a NaN\n");
        p.next();
        assertTrue(Double.isNaN(p.value()));
        assertFalse(StaleNaN.is(p.value()));
    }

    @Test
    void exemplarsAndOpenMetricsTimestamps() throws Exception {
        ExpositionParser p = parser(OPENMETRICS, """
                # TYPE c counter
                c_total{a="b"} 5 1520879607.789 # {trace_id="x\\"y"} 0.5 1520879607.5
                c_total{a="c"} 6
                # EOF
                """);
        p.next();
        p.next();
        assertEquals(1520879607789L, p.timestamp());
        Exemplar e = p.exemplar();
        assertEquals(Labels.of("trace_id", "x\"y"), e.labels());
        assertEquals(0.5, e.value());
        assertEquals(1520879607500L, e.timestampMillis());
        p.next();
        assertNull(p.exemplar());
        assertFalse(p.hasTimestamp());
    }

    @Test
    void startTimestampsComeFromTheCreatedSampleOfTheLabelGroup() throws Exception {
        String body = """
                # TYPE h histogram
                h_bucket{a="1",le="1"} 0
                h_bucket{a="1",le="+Inf"} 1
                h_count{a="1"} 1
                h_sum{a="1"} 1
                h_created{a="1"} 100.5
                h_bucket{a="2",le="+Inf"} 1
                h_created{a="2"} 200
                h_count{a="2"} 1
                h_sum{a="2"} 1
                h_bucket{a="3",le="+Inf"} 1
                h_count{a="3"} 1
                h_sum{a="3"} 1
                # TYPE g gauge
                g_created 5
                # EOF
                """;
        long[] expected = {100500, 100500, 100500, 100500, 200000, 200000, 200000, 0, 0, 0, 0};
        for (boolean callEveryTime : new boolean[] {true, false}) {
            ExpositionParser p = parser(OPENMETRICS, body, ParseOptions.DEFAULT.withSkipCreatedSeries(true));
            List<Long> got = new ArrayList<>();
            int i = 0;
            for (Entry e = p.next(); e != Entry.END; e = p.next()) {
                if (e == Entry.SERIES) {
                    // Asking only for some samples gives the same answers as asking for all.
                    if (callEveryTime || i % 3 == 2) {
                        got.add(p.startTimestamp());
                    } else {
                        got.add(expected[i]);
                    }
                    i++;
                }
            }
            assertEquals(Arrays.stream(expected).boxed().toList(), got);
        }
        // Not skipped, the _created samples are ordinary series.
        List<Labels> all = series(parser(OPENMETRICS, body));
        assertEquals(13, all.size());
        assertEquals(0, parser(PROMETHEUS_TEXT, "c_total 1\nc_created 5\n").startTimestamp());
    }

    @Test
    void errorsSayWhereTheyAre() {
        ExpositionParseException e = failure(PROMETHEUS_TEXT, "a 1\nb 2\nc{d=\"é\" x 3\n");
        assertEquals("expected equal, got \"3\" (\"INVALID\") while parsing: \"c{d=\\\"é\\\" x 3\"", e.reason());
        assertEquals(3, e.line());
        assertEquals(11, e.column());
        assertEquals(19, e.offset());
        assertTrue(e.getMessage().endsWith("(line 3, column 11, byte offset 19)"), e.getMessage());
    }

    @Test
    void rejectsWhatPrometheusWouldStoreWrongly() {
        assertEquals("label name \"a\" is not unique", failure(PROMETHEUS_TEXT, "m{a=\"1\",b=\"2\",a=\"3\"} 1\n").reason());
        assertTrue(failure(OPENMETRICS, "m{__name__=\"x\"} 1\n# EOF\n").reason().startsWith("label name \"__name__\""));
        assertEquals("expected a valid start token, got \"\\x00\" (\"INVALID\") while parsing: \"\\x00\"",
                failure(PROMETHEUS_TEXT, "a 1\n\u0000b 2\n").reason());
        byte[] badComment = {'#', ' ', (byte) 0xC3, '\n'};
        ExpositionParser p = PROMETHEUS_TEXT.newParser(ParseOptions.DEFAULT).reset(badComment, badComment.length);
        assertTrue(assertThrows(ExpositionParseException.class, p::next).reason().startsWith("invalid UTF-8 in comment"));
        byte[] badName = {'{', '"', (byte) 0xFF, '"', '}', ' ', '1', '\n'};
        p.reset(badName, badName.length);
        assertTrue(assertThrows(ExpositionParseException.class, p::next).reason().startsWith("invalid UTF-8 metric name"));
        byte[] badHelp = {'#', ' ', 'H', 'E', 'L', 'P', ' ', 'm', ' ', (byte) 0xFF, '\n'};
        p.reset(badHelp, badHelp.length);
        assertEquals("help text \"\\xff\" is not a valid utf8 string", assertThrows(ExpositionParseException.class, p::next).reason());
        assertEquals("strconv.ParseInt: parsing \"99999999999999999999\": value out of range while parsing: "
                + "\"a 1 99999999999999999999\"", failure(PROMETHEUS_TEXT, "a 1 99999999999999999999\n").reason());
        assertEquals("strconv.ParseFloat: parsing \"1e400\": value out of range while parsing: \"a 1e400\"",
                failure(PROMETHEUS_TEXT, "a 1e400\n").reason());
    }

    @Test
    void strictTextFollowsTheReferenceParser() throws Exception {
        ParseOptions strict = ParseOptions.DEFAULT.withStrict(true);
        assertEquals("second HELP line for metric name \"a\"",
                failure(PROMETHEUS_TEXT, "# HELP a x\n# HELP a y\n", strict).reason());
        assertEquals("second TYPE line for metric name \"a\", or TYPE reported after samples",
                failure(PROMETHEUS_TEXT, "a 1\n# TYPE a gauge\n", strict).reason());
        assertEquals("second TYPE line for metric name \"a\", or TYPE reported after samples",
                failure(PROMETHEUS_TEXT, "# TYPE a gauge\n# TYPE b gauge\n# TYPE a counter\n", strict).reason());
        assertEquals("second TYPE line for metric name \"h\", or TYPE reported after samples",
                failure(PROMETHEUS_TEXT, "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# TYPE h histogram\n", strict).reason());
        assertEquals("invalid escape sequence '\\x'", failure(PROMETHEUS_TEXT, "a{b=\"\\x\"} 1\n", strict).reason());
        assertEquals("invalid escape sequence '\\\"'", failure(PROMETHEUS_TEXT, "# HELP a \\\"\n", strict).reason());
        assertEquals("label value \"a\\nb\" contains unescaped new-line",
                failure(PROMETHEUS_TEXT, "a{b=\"a\nb\"} 1\n", strict).reason());
        assertEquals("expected float as value for 'le' label, got \"x\"",
                failure(PROMETHEUS_TEXT, "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", strict).reason());
        assertEquals("expected float as value for 'quantile' label, got \"x\"",
                failure(PROMETHEUS_TEXT, "# TYPE s summary\ns{quantile=\"x\"} 1\n", strict).reason());
        assertEquals("negative bucket population for histogram \"h\"",
                failure(PROMETHEUS_TEXT, "# TYPE h histogram\nh_bucket{le=\"1\"} -1\n", strict).reason());
        assertEquals("negative count for histogram \"h\"",
                failure(PROMETHEUS_TEXT, "# TYPE h histogram\nh_count -1\n", strict).reason());
        // What strict rejects, the default (Prometheus's scraper) accepts.
        assertEquals(2, series(parser(PROMETHEUS_TEXT, "a 1\n# TYPE a gauge\n# TYPE a gauge\na{b=\"\\x\"} 2\n")).size());
        // A well-formed exposition passes strict parsing.
        assertEquals(5, series(parser(PROMETHEUS_TEXT, """
                # HELP h Latency.
                # TYPE h histogram
                h_bucket{le="0.5"} 1
                h_bucket{le="+Inf"} 2
                h_sum 1.5
                h_count 2
                # TYPE c counter
                c_total{path="/a\\\\b"} 3
                """, strict)).size());
    }

    @Test
    void strictOpenMetricsReportsDocumentRules() {
        ParseOptions strict = ParseOptions.DEFAULT.withStrict(true);
        assertEquals("second TYPE line for metric family \"a\"",
                failure(OPENMETRICS, "# TYPE a gauge\n# TYPE a gauge\n# EOF\n", strict).reason());
        assertEquals("clashing metric name \"a\": an earlier metric family has it",
                failure(OPENMETRICS, "a 1\nb 1\na 2\n# EOF\n", strict).reason());
        assertEquals("trailing comma in label set", failure(OPENMETRICS, "a{b=\"c\",} 1\n# EOF\n", strict).reason());
        assertEquals("histogram \"h\" has no +Inf bucket",
                failure(OPENMETRICS, "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# EOF\n", strict).reason());
    }

    @Test
    void metricNamesCanBeQuotedInBothFormats() throws Exception {
        assertEquals(List.of(Labels.of("__name__", "a.b", "c.d", "e", "f", "g")),
                series(parser(PROMETHEUS_TEXT, "{\"a.b\",\"c.d\"=\"e\",f=\"g\"} 1\n")));
        assertEquals(List.of(Labels.of("__name__", "a.b", "f", "g")),
                series(parser(OPENMETRICS, "{f=\"g\",\"a.b\"} 1\n# EOF\n")));
        assertEquals("metric name already set while parsing: \"a{\\\"b\\\",\"",
                failure(PROMETHEUS_TEXT, "a{\"b\",c=\"d\"} 1\n").reason());
    }
}
