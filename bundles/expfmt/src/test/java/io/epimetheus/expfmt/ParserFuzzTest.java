package io.epimetheus.expfmt;

import static io.epimetheus.expfmt.Mutations.splice;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.expfmt.ExpositionParser.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A bounded property test: valid bodies, randomly mutated, must either parse or fail with an
 * {@link ExpositionParseException} at a sane position; never throw anything else, never stop
 * making progress, and never accept invalid UTF-8.
 */
class ParserFuzzTest {

    // Longer campaigns: -Dfuzz.iterations=1000000 -Dfuzz.seed=<n>.
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 4000);
    private static final long SEED = Long.getLong("fuzz.seed", 1);
    private static final byte[] INTERESTING = {' ', '\t', '\n', '"', '\\', '{', '}', '=', ',', '#', '0', '1', '9', 'e',
        '.', '+', '-', 'a', 'N', 'I', '_', 'p', 'x', 0, 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xA9, (byte) 0xFF,
        (byte) 0xED};

    @Test
    void textFormat() throws IOException {
        fuzz(ExpositionFormat.PROMETHEUS_TEXT, seeds(ExpositionFormat.PROMETHEUS_TEXT), SEED);
    }

    @Test
    void openMetrics() throws IOException {
        fuzz(ExpositionFormat.OPENMETRICS, seeds(ExpositionFormat.OPENMETRICS), SEED + 1);
    }

    private static List<byte[]> seeds(ExpositionFormat format) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(NodeExporterBody.build(format, 30));
        for (String section : format == ExpositionFormat.OPENMETRICS ? new String[] {"4-om-parse.md", "5-om-utf8.md"}
                : new String[] {"1-prom-parse.md", "2-prom-utf8.md"}) {
            String md = ExpfmtConformanceTest.resource(section);
            int start = md.indexOf("~~~~text\n") + 9;
            seeds.add(md.substring(start, md.indexOf("~~~~", start) - 1).getBytes(StandardCharsets.UTF_8));
        }
        if (format == ExpositionFormat.OPENMETRICS && Files.isDirectory(OpenMetricsSuiteTest.suite())) {
            for (Path dir : OpenMetricsSuiteTest.cases()) {
                seeds.add(Files.readAllBytes(dir.resolve("metrics")));
            }
        }
        return seeds;
    }

    private static void fuzz(ExpositionFormat format, List<byte[]> seeds, long seed) {
        assertTimeoutPreemptively(Duration.ofSeconds(90L + ITERATIONS / 1000), () -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            ExpositionParser lenient = format.newParser(ParseOptions.DEFAULT);
            ExpositionParser strict = format.newParser(ParseOptions.DEFAULT.withStrict(true).withSkipCreatedSeries(true));
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] body = mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
                check(lenient, body);
                check(strict, body);
            }
        });
    }

    private static byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int n = rnd.nextInt(1, 5);
        for (int m = 0; m < n; m++) {
            int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
            switch (rnd.nextInt(6)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[at] = INTERESTING[rnd.nextInt(INTERESTING.length)];
                    }
                }
                case 1 -> b = splice(b, at, 0, new byte[] {INTERESTING[rnd.nextInt(INTERESTING.length)]});
                case 2 -> b = splice(b, at, Math.min(b.length - at, rnd.nextInt(1, 8)), new byte[0]);
                case 3 -> {
                    int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
                    int len = Math.min(b.length - from, rnd.nextInt(1, 40));
                    byte[] piece = new byte[len];
                    System.arraycopy(b, from, piece, 0, len);
                    b = splice(b, at, 0, piece);
                }
                case 4 -> b = splice(b, at, 0, switch (rnd.nextInt(3)) {
                    case 0 -> new byte[] {(byte) 0xC3};
                    case 1 -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
                    default -> new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98};
                });
                default -> b = splice(b, at, b.length - at, new byte[0]);
            }
        }
        return b;
    }

    private static void check(ExpositionParser p, byte[] body) {
        p.reset(body, body.length);
        LabelsBuilder lb = new LabelsBuilder();
        int steps = 0;
        try {
            for (Entry e = p.next(); e != Entry.END; e = p.next()) {
                // Every entry consumes at least one byte.
                if (++steps > body.length + 1) {
                    fail("no progress on " + HexFormat.of().formatHex(body));
                }
                if (e == Entry.SERIES) {
                    p.labels(lb);
                    Labels l = lb.build();
                    l.forEach((name, value) -> assertTrue(Labels.isWellFormed(name) && Labels.isWellFormed(value)));
                    Exemplar ex = p.exemplar();
                    if (ex != null) {
                        ex.labels().forEach((name, value) -> assertTrue(Labels.isWellFormed(value)));
                    }
                    p.startTimestamp();
                    p.seriesHash();
                } else if (e == Entry.HELP) {
                    p.help();
                    p.metricFamily();
                }
            }
            assertTrue(isUtf8(body), () -> "accepted invalid UTF-8: " + HexFormat.of().formatHex(body));
        } catch (ExpositionParseException e) {
            assertTrue(e.line() >= 1 && e.column() >= 1 && e.offset() >= 0 && e.offset() <= body.length,
                    () -> e.getMessage() + " for " + HexFormat.of().formatHex(body));
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(p.format() + " failed on " + HexFormat.of().formatHex(body), e);
        }
    }

    private static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
