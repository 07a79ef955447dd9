package io.epimetheus.promql.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.Prettier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the parser, printer and prettier cases of Prometheus's own parser tests (see the resource files). */
class PrometheusParserCasesTest {

    private static final ParserOptions PARSE_TEST_OPTIONS = new ParserOptions(true, true, true, false);
    private static final ParserOptions PRINTER_TEST_OPTIONS = new ParserOptions(false, true, true, true);

    static Stream<Arguments> errors() throws IOException {
        return rows("/prometheus-parse-errors.tsv").stream()
                .map(r -> Arguments.of(Integer.parseInt(r[0]), GoStrings.unquote(r[1]), GoStrings.unquote(r[2])));
    }

    static Stream<Arguments> valid() throws IOException {
        return rows("/prometheus-parse-valid.tsv").stream().map(r -> Arguments.of(GoStrings.unquote(r[0])));
    }

    static Stream<Arguments> printed() throws IOException {
        return rows("/prometheus-printer.tsv").stream()
                .map(r -> Arguments.of(GoStrings.unquote(r[0]), GoStrings.unquote(r[1])));
    }

    static Stream<Arguments> prettified() throws IOException {
        return rows("/prometheus-prettier.tsv").stream()
                .map(r -> Arguments.of(GoStrings.unquote(r[0]), GoStrings.unquote(r[1])));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void reportsTheSameFirstError(int start, String query, String message) {
        ParseException e = assertThrows(ParseException.class, () -> Parser.parseExpr(query, PARSE_TEST_OPTIONS));
        assertEquals(message, e.detail(), query);
        assertEquals(start, e.posRange().start(), "position of: " + message);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesAndRoundTrips(String query) {
        String printed = Parser.parseExpr(query, PARSE_TEST_OPTIONS).toString();
        assertEquals(printed, Parser.parseExpr(printed, PARSE_TEST_OPTIONS).toString(), query);
    }

    @ParameterizedTest
    @MethodSource("printed")
    void printsTheCanonicalForm(String query, String expected) {
        assertEquals(expected, Parser.parseExpr(query, PRINTER_TEST_OPTIONS).toString());
    }

    @ParameterizedTest
    @MethodSource("prettified")
    void prettifiesLikePrometheus(String query, String expected) {
        Expr e = Parser.parseExpr(query, PRINTER_TEST_OPTIONS);
        assertEquals(expected, Prettier.format(e, 10));
    }

    @Test
    void parsesSeriesSelectors() {
        assertEquals("[job=\"x\", __name__=\"up\"]", Parser.parseMetricSelector("up{job=\"x\"}").toString());
        assertEquals("[__name__=~\"a.*\"]", Parser.parseMetricSelector("{__name__=~\"a.*\"}").toString());
        assertThrows(ParseException.class, () -> Parser.parseMetricSelector("rate(up[5m])"));
        assertThrows(ParseException.class, () -> Parser.parseMetricSelector("up[5m]"));
        assertThrows(ParseException.class, () -> Parser.parseMetricSelector("{}"));
    }

    private static List<String[]> rows(String resource) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PrometheusParserCasesTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
        }
        return rows;
    }
}
