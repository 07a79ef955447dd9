package io.epimetheus.expfmt.proto;

import static io.epimetheus.expfmt.Mutations.splice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ExpositionParser.Entry;
import io.epimetheus.expfmt.NodeExporterBody;
import io.epimetheus.expfmt.ParseOptions;
import io.epimetheus.expfmt.ProtoBytes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bounded property tests of the protobuf parser: random families give the same series as the
 * same metrics in the text format, and mutated bodies either parse or fail with an {@link
 * ExpositionParseException} at a position inside the body, never anything else, and always end.
 */
class ProtobufFuzzTest {

    // Longer campaigns: -Dfuzz.iterations=1000000 -Dfuzz.seed=<n>.
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 4000);
    private static final long SEED = Long.getLong("fuzz.seed", 1);
    private static final String[] VALUE_PALETTE = {"a", "Z", "0", " ", "\"", "\\", "\n", "\t", "é", "€",
        "\uD83D\uDE00", "{", "}", ",", "=", "#"};
    private static final double[] NUMBERS = {0, -0.0, 1, -1, 0.005, 0.1, 2.5, 1e-300, 1e300, 123456789.123,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e21, 0.3333333333333333};
    private static final byte[] INTERESTING = {0, 1, 2, 0x7F, (byte) 0x80, (byte) 0xFF, 0x0A, 0x12, 0x18, 0x22, 0x2A,
        0x09, 0x0B, 0x0C, 0x0F, (byte) 0xC3, (byte) 0xED};

    @Test
    void randomFamiliesGiveTheSeriesOfTheTextFormat() {
        assertTimeoutPreemptively(Duration.ofSeconds(60L + ITERATIONS / 500), () -> {
            SplittableRandom rnd = new SplittableRandom(SEED);
            for (int i = 0; i < ITERATIONS / 4; i++) {
                List<ProtoBytes> families = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                int n = rnd.nextInt(1, 5);
                for (int f = 0; f < n; f++) {
                    families.add(family(rnd, "m" + f + "_" + rnd.nextInt(1000), text));
                }
                byte[] proto = ProtoBytes.delimited(families.toArray(ProtoBytes[]::new));
                List<String> expected = ProtobufParserTest.series(ExpositionFormat.PROMETHEUS_TEXT,
                        text.toString().getBytes(StandardCharsets.UTF_8));
                List<String> actual = ProtobufParserTest.series(ExpositionFormat.PROTOBUF, proto);
                assertEquals(expected, actual, () -> text + "\n" + HexFormat.of().formatHex(proto));
            }
        });
    }

    /** One random family, encoded, and the same metrics appended to {@code text}. */
    private static ProtoBytes family(SplittableRandom rnd, String name, StringBuilder text) {
        int type = rnd.nextInt(6);
        String[] words = {"counter", "gauge", "summary", "untyped", "histogram", "histogram"};
        text.append("# TYPE ").append(name).append(' ').append(words[type]).append('\n');
        ProtoBytes f = new ProtoBytes().string(1, name).string(2, "help " + rnd.nextInt()).varint(3, type);
        int metrics = rnd.nextInt(1, 4);
        for (int m = 0; m < metrics; m++) {
            List<String[]> labels = new ArrayList<>();
            ProtoBytes metric = new ProtoBytes();
            int count = rnd.nextInt(4);
            for (int l = 0; l < count; l++) {
                String value = randomValue(rnd);
                labels.add(new String[] {"l" + l, value});
                metric.message(1, new ProtoBytes().string(1, "l" + l).string(2, value));
            }
            long ts = rnd.nextInt(4) == 0 ? rnd.nextLong(1, 1L << 45) : 0;
            if (ts != 0) {
                metric.varint(6, ts);
            }
            switch (type) {
                case 0, 1, 3 -> {
                    double v = NUMBERS[rnd.nextInt(NUMBERS.length)];
                    metric.message(type == 0 ? 3 : type == 1 ? 2 : 5, ProtoBytes.value(v));
                    line(text, name, labels, null, null, v, ts);
                }
                case 2 -> {
                    long c = rnd.nextLong(0, 1L << 40);
                    double sum = NUMBERS[rnd.nextInt(NUMBERS.length)];
                    ProtoBytes s = new ProtoBytes().varint(1, c).fixed64(2, sum);
                    int q = rnd.nextInt(4);
                    for (int i = 0; i < q; i++) {
                        double quantile = i / 3.0;
                        double v = NUMBERS[rnd.nextInt(NUMBERS.length)];
                        s.message(3, ProtoBytes.quantile(quantile, v));
                        line(text, name, labels, "quantile", quantile, v, ts);
                    }
                    metric.message(4, s);
                    line(text, name + "_sum", labels, null, null, sum, ts);
                    line(text, name + "_count", labels, null, null, c, ts);
                }
                default -> {
                    long c = rnd.nextLong(0, 1L << 40);
                    double sum = NUMBERS[rnd.nextInt(NUMBERS.length)];
                    ProtoBytes h = new ProtoBytes().varint(1, c).fixed64(2, sum);
                    int buckets = rnd.nextInt(5);
                    double bound = -rnd.nextInt(3);
                    long cumulative = 0;
                    boolean inf = false;
                    for (int i = 0; i < buckets && !inf; i++) {
                        bound += rnd.nextInt(4) == 0 ? 0.005 : rnd.nextInt(1, 100);
                        inf = rnd.nextInt(6) == 0;
                        double upper = inf ? Double.POSITIVE_INFINITY : bound;
                        cumulative += rnd.nextInt(100);
                        h.message(3, ProtoBytes.bucket(upper, cumulative));
                        line(text, name + "_bucket", labels, "le", upper, cumulative, ts);
                    }
                    if (!inf) {
                        line(text, name + "_bucket", labels, "le", Double.POSITIVE_INFINITY, c, ts);
                    }
                    if (rnd.nextBoolean()) {
                        // Native-histogram fields, which classic ingestion ignores.
                        h.sint(5, 3).fixed64(6, 1e-128).message(12, new ProtoBytes().sint(1, 0).varint(2, 1))
                                .bytes(13, new byte[] {2});
                    }
                    metric.message(7, h);
                    line(text, name + "_sum", labels, null, null, sum, ts);
                    line(text, name + "_count", labels, null, null, c, ts);
                }
            }
            f.message(4, metric);
        }
        return f;
    }

    private static String randomValue(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(VALUE_PALETTE[rnd.nextInt(VALUE_PALETTE.length)]);
        }
        return sb.toString();
    }

    private static void line(StringBuilder text, String name, List<String[]> labels, String magic, Double bound,
            double value, long ts) {
        text.append(name).append('{');
        for (String[] l : labels) {
            text.append(l[0]).append("=\"");
            for (char c : l[1].toCharArray()) {
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '"' -> text.append("\\\"");
                    case '\n' -> text.append("\\n");
                    default -> text.append(c);
                }
            }
            text.append("\",");
        }
        if (magic != null) {
            text.append(magic).append("=\"").append(bound).append('"');
        }
        text.append("} ").append(value);
        if (ts != 0) {
            text.append(' ').append(ts);
        }
        text.append('\n');
    }

    @Test
    void mutatedBodiesFailCleanly() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(NodeExporterBody.build(ExpositionFormat.PROTOBUF, 2));
        SplittableRandom gen = new SplittableRandom(SEED + 7);
        for (int i = 0; i < 8; i++) {
            seeds.add(ProtoBytes.delimited(family(gen, "seed" + i, new StringBuilder()),
                    family(gen, "other" + i, new StringBuilder())));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60L + ITERATIONS / 500), () -> {
            SplittableRandom rnd = new SplittableRandom(SEED + 1);
            ExpositionParser p = ExpositionFormat.PROTOBUF.newParser(ParseOptions.DEFAULT);
            for (int i = 0; i < ITERATIONS; i++) {
                check(p, mutate(seeds.get(rnd.nextInt(seeds.size())), rnd));
            }
        });
    }

    private static byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int n = rnd.nextInt(1, 4);
        for (int m = 0; m < n; m++) {
            int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> {
                    if (b.length > 0) {
                        b[at] = INTERESTING[rnd.nextInt(INTERESTING.length)];
                    }
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 2 -> b = splice(b, at, 0, new byte[] {INTERESTING[rnd.nextInt(INTERESTING.length)]});
                case 3 -> b = splice(b, at, Math.min(b.length - at, rnd.nextInt(1, 4)), new byte[0]);
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
                // A family takes at least 3 bytes for 3 entries; an empty metric 2 bytes for at most
                // 3 series; a bucket 2 bytes for one.
                if (++steps > 2 * body.length + 4) {
                    fail("no progress on " + HexFormat.of().formatHex(body));
                }
                switch (e) {
                    case SERIES -> {
                        p.labels(lb);
                        Labels l = lb.build();
                        l.forEach((name, value) -> assertTrue(Labels.isWellFormed(name) && Labels.isWellFormed(value)));
                        p.seriesHash();
                        p.startTimestamp();
                    }
                    case HELP -> {
                        assertTrue(Labels.isWellFormed(p.help()));
                        assertTrue(Labels.isWellFormed(p.metricFamily()));
                    }
                    case UNIT -> assertTrue(Labels.isWellFormed(p.unit()));
                    default -> p.type();
                }
            }
        } catch (ExpositionParseException e) {
            assertTrue(e.line() == 1 && e.column() == e.offset() + 1 && e.offset() >= 0 && e.offset() <= body.length,
                    () -> e.getMessage() + " for " + HexFormat.of().formatHex(body));
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("failed on " + HexFormat.of().formatHex(body), e);
        }
    }
}
