package io.epimetheus.expfmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExpositionWriterTest {

    /** One of each type, written by a collector the way the MetricSink contract asks. */
    private static void collectAll(ExpositionWriter w) {
        w.family("http_requests", MetricType.COUNTER, "Requests served.", "");
        w.sample("http_requests_total", Labels.of("code", "200"), 1027);
        w.sample("http_requests_created", Labels.of("code", "200"), 1.5e9);
        w.family("temperature", MetricType.GAUGE, "Temperature \\ with\nnewline", "celsius");
        w.sample("temperature", Labels.EMPTY, -3.5);
        w.family("latency_seconds", MetricType.HISTOGRAM, "", "seconds");
        w.sample("latency_seconds_bucket", Labels.of("le", "0.5"), 3);
        w.sample("latency_seconds_bucket", Labels.of("le", "+Inf"), 4);
        w.sample("latency_seconds_count", Labels.EMPTY, 4);
        w.sample("latency_seconds_sum", Labels.EMPTY, 1.25);
        w.family("queue", MetricType.GAUGE_HISTOGRAM, "Queue sizes.", "");
        w.sample("queue_bucket", Labels.of("q", "a", "le", "+Inf"), 7);
        w.sample("queue_gcount", Labels.of("q", "a"), 7);
        w.sample("queue_gsum", Labels.of("q", "a"), 21);
        w.family("rpc", MetricType.SUMMARY, "", "");
        w.sample("rpc", Labels.of("quantile", "0.99"), 0.25);
        w.sample("rpc_count", Labels.EMPTY, 10);
        w.sample("rpc_sum", Labels.EMPTY, 2);
        w.family("build", MetricType.INFO, "Build.", "");
        w.sample("build_info", Labels.of("version", "1.0"), 1);
        w.family("state", MetricType.STATESET, "", "");
        w.sample("state", Labels.of("state", "up"), 1);
        w.sample("state", Labels.of("state", "down"), 0);
        w.family("mystery", MetricType.UNKNOWN, "", "");
        w.sample("mystery", Labels.of("a", "q\"uo\\te\nx"), 42, 1520879607789L);
        w.family("empty", MetricType.GAUGE, "Never sampled.", "");
    }

    private static String write(ExpositionFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionWriter w = format.newWriter().reset(out);
        collectAll(w);
        w.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textFormatMapsTypesLikeTheJavaClient() throws IOException {
        assertEquals("""
                # HELP http_requests_total Requests served.
                # TYPE http_requests_total counter
                http_requests_total{code="200"} 1027
                # HELP temperature Temperature \\\\ with\\nnewline
                # TYPE temperature gauge
                temperature -3.5
                # TYPE latency_seconds histogram
                latency_seconds_bucket{le="0.5"} 3
                latency_seconds_bucket{le="+Inf"} 4
                latency_seconds_count 4
                latency_seconds_sum 1.25
                # HELP queue Queue sizes.
                # TYPE queue histogram
                queue_bucket{le="+Inf",q="a"} 7
                # HELP queue_gcount Queue sizes.
                # TYPE queue_gcount gauge
                queue_gcount{q="a"} 7
                # HELP queue_gsum Queue sizes.
                # TYPE queue_gsum gauge
                queue_gsum{q="a"} 21
                # TYPE rpc summary
                rpc{quantile="0.99"} 0.25
                rpc_count 10
                rpc_sum 2
                # HELP build_info Build.
                # TYPE build_info gauge
                build_info{version="1.0"} 1
                # TYPE state gauge
                state{state="up"} 1
                state{state="down"} 0
                # TYPE mystery untyped
                mystery{a="q\\"uo\\\\te\\nx"} 42 1520879607789
                """, write(ExpositionFormat.PROMETHEUS_TEXT));
    }

    @Test
    void openMetricsKeepsTypesUnitsCreatedAndEndsWithEof() throws IOException {
        assertEquals("""
                # TYPE http_requests counter
                # HELP http_requests Requests served.
                http_requests_total{code="200"} 1027
                http_requests_created{code="200"} 1.5e+09
                # TYPE temperature gauge
                # UNIT temperature celsius
                # HELP temperature Temperature \\\\ with\\nnewline
                temperature -3.5
                # TYPE latency_seconds histogram
                # UNIT latency_seconds seconds
                latency_seconds_bucket{le="0.5"} 3
                latency_seconds_bucket{le="+Inf"} 4
                latency_seconds_count 4
                latency_seconds_sum 1.25
                # TYPE queue gaugehistogram
                # HELP queue Queue sizes.
                queue_bucket{le="+Inf",q="a"} 7
                queue_gcount{q="a"} 7
                queue_gsum{q="a"} 21
                # TYPE rpc summary
                rpc{quantile="0.99"} 0.25
                rpc_count 10
                rpc_sum 2
                # TYPE build info
                # HELP build Build.
                build_info{version="1.0"} 1
                # TYPE state stateset
                state{state="up"} 1
                state{state="down"} 0
                # TYPE mystery unknown
                mystery{a="q\\"uo\\\\te\\nx"} 42 1520879607.789
                # EOF
                """, write(ExpositionFormat.OPENMETRICS));
    }

    @Test
    void helpEscapingDiffersBetweenFormats() throws IOException {
        for (ExpositionFormat f : new ExpositionFormat[] {ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExpositionWriter w = f.newWriter().reset(out);
            w.family("g", MetricType.GAUGE, "say \"hi\"", "");
            w.sample("g", Labels.EMPTY, 1);
            w.finish();
            String help = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("# HELP")).findFirst().orElseThrow();
            assertEquals(f == ExpositionFormat.OPENMETRICS ? "# HELP g say \\\"hi\\\"" : "# HELP g say \"hi\"", help);
        }
    }

    @Test
    void utf8NamesAreQuotedWithTheMetricNameInsideTheBraces() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionWriter w = ExpositionFormat.PROMETHEUS_TEXT.newWriter().reset(out);
        w.family("http.requests", MetricType.GAUGE, "Ünïcödé", "");
        w.sample("http.requests", Labels.of("code.class", "2xx", "path", "/ä"), 1);
        w.sample("http.requests", Labels.EMPTY, 2);
        w.family("ok", MetricType.GAUGE, "", "");
        w.sample("ok", Labels.of("emoji", "\uD83D\uDE00", "broken", "\uD800x"), 3);
        w.finish();
        assertEquals("""
                # HELP "http.requests" Ünïcödé
                # TYPE "http.requests" gauge
                {"http.requests","code.class"="2xx",path="/ä"} 1
                {"http.requests"} 2
                # TYPE ok gauge
                ok{broken="\uFFFDx",emoji="\uD83D\uDE00"} 3
                """, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void explicitlyEmptyLabelsWithATimestamp() throws Exception {
        String[] expected = {"up{instance=\"\",job=\"a\"} 1 1700000000123\n",
            "up{instance=\"\",job=\"a\"} 1 1700000000.123\n"};
        for (ExpositionFormat f : new ExpositionFormat[] {ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExpositionWriter w = f.newWriter().reset(out);
            w.family("up", MetricType.UNKNOWN, "", "");
            w.sample("up", Labels.of("job", "a"), List.of("instance"), 1, 1_700_000_000_123L);
            w.finish();
            String series = out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .collect(Collectors.joining("\n", "", "\n"));
            assertEquals(expected[f == ExpositionFormat.OPENMETRICS ? 1 : 0], series, f.name());
        }
    }

    @Test
    void explicitlyEmptyLabelsAreMergedInNameOrder() throws Exception {
        for (ExpositionFormat f : new ExpositionFormat[] {ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExpositionWriter w = f.newWriter().reset(out);
            w.family("push_time_seconds", MetricType.GAUGE, "", "");
            w.sample("push_time_seconds", Labels.of("job", "batch"), List.of("instance"), 1);
            w.sample("push_time_seconds", Labels.of("job", "batch", "instance", "b1"), List.of("instance"), 2);
            w.sample("push_time_seconds", Labels.EMPTY, List.of("a", "instance"), 3);
            w.sample("push_time_seconds", Labels.of("a", "x", "b", "y"), List.of("_z", "ab", "c"), 4);
            w.family("utf8.name", MetricType.GAUGE, "", "");
            w.sample("utf8.name", Labels.EMPTY, List.of("instance", "my.label"), 5);
            w.sample("utf8.name", Labels.EMPTY, List.of(), 6);
            w.finish();
            String series = out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                    .collect(Collectors.joining("\n"));
            assertEquals("""
                    push_time_seconds{instance="",job="batch"} 1
                    push_time_seconds{instance="b1",job="batch"} 2
                    push_time_seconds{a="",instance=""} 3
                    push_time_seconds{_z="",a="x",ab="",b="y",c=""} 4
                    {"utf8.name",instance="","my.label"=""} 5
                    {"utf8.name"} 6""", series, f.name());
            // Each line reads back as written, the empty labels reported by the parser.
            byte[] body = out.toByteArray();
            ExpositionParser p = f.newParser(ParseOptions.DEFAULT).reset(body, body.length);
            List<String> empty = new ArrayList<>();
            for (ExpositionParser.Entry e = p.next(); e != ExpositionParser.Entry.END; e = p.next()) {
                if (e == ExpositionParser.Entry.SERIES) {
                    p.emptyLabelNames(empty);
                }
            }
            assertEquals(List.of("instance", "a", "instance", "_z", "ab", "c", "instance", "my.label"), empty);
        }
        ExpositionWriter w = ExpositionFormat.PROMETHEUS_TEXT.newWriter().reset(new ByteArrayOutputStream());
        w.family("g", MetricType.GAUGE, "", "");
        assertThrows(IllegalArgumentException.class, () -> w.sample("g", Labels.EMPTY, List.of("job", "instance"), 1));
        assertThrows(IllegalArgumentException.class, () -> w.sample("g", Labels.EMPTY, List.of("a", "a"), 1));
    }

    @Test
    void countersWhoseSamplesLackTotalKeepTheirNameInTheTextFormat() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionWriter w = ExpositionFormat.PROMETHEUS_TEXT.newWriter().reset(out);
        // As the Pushgateway exposes "# TYPE foo counter\nfoo 1" pushed in the text format.
        w.family("foo", MetricType.COUNTER, "Foo help.", "");
        w.sample("foo", Labels.of("a", "1"), 1);
        w.family("bar", MetricType.COUNTER, "", "");
        w.sample("bar_total", Labels.EMPTY, 2);
        w.family("baz", MetricType.COUNTER, "", "");
        w.sample("baz_created", Labels.EMPTY, 1.7e9);
        w.sample("baz_total", Labels.EMPTY, 3);
        w.finish();
        assertEquals("""
                # HELP foo Foo help.
                # TYPE foo counter
                foo{a="1"} 1
                # TYPE bar_total counter
                bar_total 2
                # TYPE baz_total counter
                baz_total 3
                """, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void timestampsAreMillisecondsInTextAndSecondsInOpenMetrics() throws IOException {
        long[] ts = {0, 5, -1500, -5, 1_000, Long.MAX_VALUE};
        String[] om = {"0.000", "0.005", "-1.500", "-0.005", "1.000", "9223372036854775.807"};
        for (int i = 0; i < ts.length; i++) {
            assertEquals("g 1 " + ts[i] + "\n", lastSampleLine(ExpositionFormat.PROMETHEUS_TEXT, ts[i]));
            assertEquals("g 1 " + om[i] + "\n", lastSampleLine(ExpositionFormat.OPENMETRICS, ts[i]));
        }
    }

    private static String lastSampleLine(ExpositionFormat f, long ts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionWriter w = f.newWriter().reset(out);
        w.family("g", MetricType.GAUGE, "", "");
        w.sample("g", Labels.EMPTY, 1, ts);
        w.finish();
        String s = out.toString(StandardCharsets.UTF_8);
        return s.substring(s.indexOf("\ng ") + 1).replace("# EOF\n", "");
    }

    @Test
    void valuesAreFormattedExactlyLikeFloatFormat() {
        LineBuffer buf = new LineBuffer(16);
        SplittableRandom rnd = new SplittableRandom(42);
        double[] special = {0.0, -0.0, 1, -1, 999_999, 1_000_000, 1_234_567, 120_000_000, 0x1p53 - 1, 0x1p53,
            0x1p53 + 2, 1e21, 1e22, 123456789012345678.0, Double.MAX_VALUE, Double.MIN_VALUE, 0.1, 1e-5,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 4.9351e-05, 7.424100000000001e-05};
        for (double v : special) {
            assertFormatted(buf, v);
        }
        for (int i = 0; i < 100_000; i++) {
            double v = switch (i % 4) {
                case 0 -> (double) rnd.nextLong(-10_000_000_000_000_000L, 10_000_000_000_000_000L);
                case 1 -> (double) rnd.nextInt(-2_000_000, 2_000_000);
                case 2 -> Double.longBitsToDouble(rnd.nextLong());
                default -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(-12, 12));
            };
            assertFormatted(buf, v);
        }
    }

    private static void assertFormatted(LineBuffer buf, double v) {
        buf.clear();
        buf.appendFloat(v);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            buf.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(FloatFormat.formatG(v), out.toString(StandardCharsets.US_ASCII), () -> "value " + v);
    }

    @Test
    void largeExpositionsAreFlushedAsTheyGrowAndStreamErrorsSurface() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionWriter w = ExpositionFormat.PROMETHEUS_TEXT.newWriter().reset(out);
        w.family("g", MetricType.GAUGE, "", "");
        for (int i = 0; i < 10_000; i++) {
            w.sample("g", Labels.of("i", Integer.toString(i)), i);
        }
        int before = out.size();
        w.finish();
        assertEquals(true, before > 0);
        assertEquals(10_001, out.toString(StandardCharsets.UTF_8).lines().count());

        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client went away");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("client went away");
            }
        };
        ExpositionWriter broken = ExpositionFormat.OPENMETRICS.newWriter().reset(failing);
        broken.family("g", MetricType.GAUGE, "", "");
        assertThrows(UncheckedIOException.class, () -> {
            for (int i = 0; i < 10_000; i++) {
                broken.sample("g", Labels.of("i", Integer.toString(i)), i);
            }
        });
    }

    @Test
    void misuseIsRejected() throws IOException {
        ExpositionWriter w = ExpositionFormat.OPENMETRICS.newWriter();
        assertThrows(IllegalStateException.class, () -> w.family("g", MetricType.GAUGE, "", ""));
        w.reset(new ByteArrayOutputStream());
        assertThrows(IllegalStateException.class, () -> w.sample("g", Labels.EMPTY, 1));
        w.finish();
        assertThrows(IllegalStateException.class, w::finish);
    }

    @Test
    void writerIsReusableAcrossExpositions() throws IOException {
        ExpositionWriter w = ExpositionFormat.OPENMETRICS.newWriter();
        for (int round = 0; round < 3; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            w.reset(out);
            w.family("g", MetricType.GAUGE, "", "");
            w.sample("g", Labels.EMPTY, round);
            w.finish();
            assertEquals("# TYPE g gauge\ng " + round + "\n# EOF\n", out.toString(StandardCharsets.UTF_8));
        }
    }
}
