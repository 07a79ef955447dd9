package io.epimetheus.expfmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionParser.Entry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random, valid families written by {@link ExpositionWriter} and read back by the strict parser of
 * the same format: every sample, help text and type survives, escaping included.
 */
class RoundTripTest {

    private record Sample(String name, Labels labels, double value, boolean hasTimestamp, long timestamp) {
    }

    private record Family(String name, MetricType type, String help, String unit, List<Sample> samples) {
    }

    private static final String[] PALETTE = {"a", "b", "z", "0", " ", "\"", "\\", "\n", "\t", "é", "€", "\uD83D\uDE00",
        "{", "}", ",", "=", "#", "\\n", "x"};

    private static String text(SplittableRandom rnd, int max) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(0, max);
        for (int i = 0; i < n; i++) {
            sb.append(PALETTE[rnd.nextInt(PALETTE.length)]);
        }
        return sb.toString();
    }

    private static double value(SplittableRandom rnd, boolean nonNegative) {
        double v = switch (rnd.nextInt(6)) {
            case 0 -> rnd.nextInt(0, 1000);
            case 1 -> rnd.nextDouble() * 1e6;
            case 2 -> Double.longBitsToDouble(rnd.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL);
            case 3 -> rnd.nextDouble() * 1e-9;
            case 4 -> 0x1p53 + rnd.nextInt(1000) * 2;
            default -> rnd.nextLong(0, 1L << 53);
        };
        return nonNegative || rnd.nextBoolean() ? v : -v;
    }

    private static List<Family> families(SplittableRandom rnd) {
        List<Family> out = new ArrayList<>();
        MetricType[] types = MetricType.values();
        for (int i = 0; i < 40; i++) {
            MetricType type = types[i % types.length];
            String unit = (type == MetricType.GAUGE || type == MetricType.COUNTER) && rnd.nextBoolean() ? "seconds" : "";
            String name = "f" + i + (rnd.nextInt(4) == 0 ? ".dotted" : "") + (unit.isEmpty() ? "" : "_seconds");
            boolean timestamps = rnd.nextInt(3) == 0;
            // The text format has no negative timestamps.
            long ts = rnd.nextLong(0, 4_000_000_000_000L);
            List<Sample> samples = new ArrayList<>();
            int groups = rnd.nextInt(1, 4);
            for (int g = 0; g < groups; g++) {
                LabelsBuilder lb = new LabelsBuilder();
                lb.set("group", Integer.toString(g));
                for (int k = 0; k < rnd.nextInt(0, 3); k++) {
                    lb.set(rnd.nextBoolean() ? "l" + k : "l." + k, text(rnd, 6));
                }
                Labels l = lb.build();
                Adder add = (suffix, labels, v) -> samples.add(new Sample(name + suffix, labels, v, timestamps, ts));
                switch (type) {
                    case COUNTER -> {
                        add.add("_total", l, value(rnd, true));
                        add.add("_created", l, 1.6e9 + rnd.nextInt(1000));
                    }
                    case GAUGE, UNKNOWN -> add.add("", l, rnd.nextInt(20) == 0 ? Double.NaN : value(rnd, false));
                    case HISTOGRAM, GAUGE_HISTOGRAM -> {
                        long count = 0;
                        for (String le : new String[] {"0.1", "1.0", "10.0", "+Inf"}) {
                            count += rnd.nextInt(0, 5);
                            add.add("_bucket", l.toBuilder().set("le", le).build(), count);
                        }
                        boolean gauge = type == MetricType.GAUGE_HISTOGRAM;
                        add.add(gauge ? "_gcount" : "_count", l, count);
                        add.add(gauge ? "_gsum" : "_sum", l, value(rnd, true));
                        if (!gauge) {
                            add.add("_created", l, 1.6e9);
                        }
                    }
                    case SUMMARY -> {
                        for (String q : new String[] {"0.0", "0.5", "0.99", "1.0"}) {
                            add.add("", l.toBuilder().set("quantile", q).build(), value(rnd, true));
                        }
                        add.add("_count", l, rnd.nextInt(0, 100));
                        add.add("_sum", l, value(rnd, true));
                    }
                    case INFO -> add.add("_info", l, 1);
                    case STATESET -> {
                        add.add("", l.toBuilder().set(name, "on").build(), 1);
                        add.add("", l.toBuilder().set(name, "off").build(), 0);
                    }
                }
            }
            out.add(new Family(name, type, text(rnd, 8), unit, samples));
        }
        return out;
    }

    private interface Adder {
        void add(String suffix, Labels labels, double value);
    }

    private static void collect(List<Family> families, MetricSink sink) {
        for (Family f : families) {
            sink.family(f.name, f.type, f.help, f.unit);
            for (Sample s : f.samples) {
                if (s.hasTimestamp) {
                    sink.sample(s.name, s.labels, s.value, s.timestamp);
                } else {
                    sink.sample(s.name, s.labels, s.value);
                }
            }
        }
    }

    @Test
    void everythingWrittenIsReadBack() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 30; round++) {
            List<Family> families = families(rnd);
            for (ExpositionFormat format : new ExpositionFormat[] {ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS}) {
                roundTrip(families, format);
            }
        }
    }

    private static void roundTrip(List<Family> families, ExpositionFormat format) throws Exception {
        boolean om = format == ExpositionFormat.OPENMETRICS;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionWriter w = format.newWriter().reset(out);
        collect(families, w);
        w.finish();
        byte[] body = out.toByteArray();
        String shown = out.toString(java.nio.charset.StandardCharsets.UTF_8);

        Map<String, Sample> expected = new HashMap<>();
        Map<String, String> expectedHelp = new HashMap<>();
        Map<String, String> expectedType = new HashMap<>();
        for (Family f : families) {
            for (Sample s : f.samples) {
                boolean created = s.name.endsWith("_created") && f.type != MetricType.GAUGE;
                if (om || !created) {
                    expected.put(key(s.name, s.labels), s);
                }
            }
            if (om) {
                expectedType.put(f.name, f.type.text());
                if (!f.help.isEmpty()) {
                    expectedHelp.put(f.name, f.help);
                }
                continue;
            }
            List<String> names = new ArrayList<>();
            names.add(switch (f.type) {
                case COUNTER -> f.name + "_total";
                case INFO -> f.name + "_info";
                default -> f.name;
            });
            expectedType.put(names.get(0), switch (f.type) {
                case GAUGE, INFO, STATESET -> "gauge";
                case GAUGE_HISTOGRAM, HISTOGRAM -> "histogram";
                case UNKNOWN -> "unknown";
                default -> f.type.text();
            });
            if (f.type == MetricType.GAUGE_HISTOGRAM) {
                for (String suffix : new String[] {"_gcount", "_gsum"}) {
                    names.add(f.name + suffix);
                    expectedType.put(f.name + suffix, "gauge");
                }
            }
            if (!f.help.isEmpty()) {
                // In the text format a help of blanks only reads back empty, as in Prometheus.
                String h = f.help.chars().allMatch(c -> c == ' ' || c == '\t') ? "" : f.help;
                names.forEach(n -> expectedHelp.put(n, h));
            }
        }

        ExpositionParser p = format.newParser(ParseOptions.DEFAULT.withStrict(true)).reset(body, body.length);
        Map<String, String> help = new HashMap<>();
        Map<String, String> type = new HashMap<>();
        LabelsBuilder lb = new LabelsBuilder();
        int seen = 0;
        for (Entry e = p.next(); e != Entry.END; e = p.next()) {
            switch (e) {
                case HELP -> help.put(p.metricFamily(), p.help());
                case TYPE -> type.put(p.metricFamily(), p.type().text());
                case SERIES -> {
                    p.labels(lb);
                    Labels all = lb.build();
                    Sample s = expected.get(key(all.metricName(), all.withoutMetricName()));
                    assertTrue(s != null, () -> "unexpected series " + all + " in\n" + shown);
                    seen++;
                    assertEquals(Double.doubleToLongBits(s.value), Double.doubleToLongBits(p.value()), all::toString);
                    assertEquals(s.hasTimestamp, p.hasTimestamp(), all::toString);
                    if (s.hasTimestamp) {
                        // OpenMetrics timestamps are float seconds; like Prometheus, the parser truncates them to ms.
                        assertTrue(Math.abs(s.timestamp - p.timestamp()) <= (om ? 1 : 0), all::toString);
                    }
                }
                default -> {
                }
            }
        }
        assertEquals(expected.size(), seen, shown);
        assertEquals(expectedHelp, help, shown);
        assertEquals(expectedType, type, shown);
    }

    private static String key(String name, Labels labels) {
        return name + labels;
    }
}
