package io.epimetheus.expfmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.expfmt.ExpositionParser.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The OpenMetrics project's parser conformance suite ({@code conformance/openmetrics}, 211 cases):
 * the strict parser accepts every case marked {@code shouldParse} and rejects every other one.
 */
class OpenMetricsSuiteTest {

    private static final Pattern SHOULD_PARSE = Pattern.compile("\"shouldParse\"\\s*:\\s*(true|false)");

    static Path suite() {
        return Path.of(System.getProperty("conformance.dir", "../../../shared/conformance"), "openmetrics");
    }

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.list(suite())) {
            return s.filter(d -> Files.exists(d.resolve("test.json"))).sorted().toList();
        }
    }

    static boolean shouldParse(Path dir) throws IOException {
        Matcher m = SHOULD_PARSE.matcher(Files.readString(dir.resolve("test.json")));
        assertTrue(m.find(), dir + "/test.json has no shouldParse");
        return Boolean.parseBoolean(m.group(1));
    }

    /** Parses a whole body; returns the error reason, or null when it parses. */
    static String parse(byte[] body, ParseOptions options) {
        ExpositionParser p = ExpositionFormat.OPENMETRICS.newParser(options).reset(body, body.length);
        try {
            while (true) {
                Entry e = p.next();
                if (e == Entry.END) {
                    return null;
                }
                if (e == Entry.SERIES) {
                    p.labels(new io.epimetheus.api.model.LabelsBuilder());
                    p.exemplar();
                    p.startTimestamp();
                }
            }
        } catch (ExpositionParseException e) {
            return e.getMessage();
        }
    }

    @Test
    void theWholeSuiteIsThere() throws IOException {
        List<Path> cases = cases();
        assertEquals(211, cases.size());
        long good = 0;
        for (Path c : cases) {
            if (shouldParse(c)) {
                good++;
            }
        }
        assertEquals(44, good);
    }

    @TestFactory
    Stream<DynamicTest> strictParserAgreesWithEveryCase() throws IOException {
        return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            byte[] body = Files.readAllBytes(dir.resolve("metrics"));
            boolean expected = shouldParse(dir);
            String error = parse(body, ParseOptions.DEFAULT.withStrict(true));
            if (expected) {
                assertEquals(null, error, "should parse");
            } else {
                assertTrue(error != null, "should be rejected");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> lenientParserAcceptsEveryValidCase() throws IOException {
        return cases().stream().filter(dir -> {
            try {
                return shouldParse(dir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            byte[] body = Files.readAllBytes(dir.resolve("metrics"));
            assertEquals(null, parse(body, ParseOptions.DEFAULT));
            assertEquals(null, parse(body, ParseOptions.DEFAULT.withSkipCreatedSeries(true)));
        }));
    }
}
