package io.epimetheus.expfmt.proto;

import static io.epimetheus.expfmt.ProtoBytes.bucket;
import static io.epimetheus.expfmt.ProtoBytes.delimited;
import static io.epimetheus.expfmt.ProtoBytes.family;
import static io.epimetheus.expfmt.ProtoBytes.metric;
import static io.epimetheus.expfmt.ProtoBytes.quantile;
import static io.epimetheus.expfmt.ProtoBytes.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionParseException;
import io.epimetheus.expfmt.ExpositionParser;
import io.epimetheus.expfmt.ExpositionParser.Entry;
import io.epimetheus.expfmt.NodeExporterBody;
import io.epimetheus.expfmt.ParseOptions;
import io.epimetheus.expfmt.ProtoBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtobufParserTest {

    private static final int COUNTER = 0;
    private static final int GAUGE = 1;
    private static final int SUMMARY = 2;
    private static final int UNTYPED = 3;
    private static final int HISTOGRAM = 4;
    private static final int GAUGE_HISTOGRAM = 5;

    /** The series a parser gives: labels, value and timestamp, one string each, sorted. */
    static List<String> series(ExpositionFormat format, byte[] body) throws ExpositionParseException {
        ExpositionParser p = format.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        LabelsBuilder b = new LabelsBuilder();
        List<String> out = new ArrayList<>();
        for (Entry e = p.next(); e != Entry.END; e = p.next()) {
            if (e == Entry.SERIES) {
                p.labels(b);
                double v = p.value();
                out.add(b.build() + " " + (v != v ? "NaN:" + Long.toHexString(Double.doubleToRawLongBits(v)) : v)
                        + (p.hasTimestamp() ? " @" + p.timestamp() : ""));
            }
        }
        out.sort(null);
        return out;
    }

    private static List<String> text(String body) throws ExpositionParseException {
        return series(ExpositionFormat.PROMETHEUS_TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> proto(ProtoBytes... families) throws ExpositionParseException {
        return series(ExpositionFormat.PROTOBUF, delimited(families));
    }

    @Test
    void counterAsTheTextParserGivesIt() throws ExpositionParseException {
        assertEquals(text("""
                # TYPE http_requests_total counter
                http_requests_total{method="get",code="200"} 1027
                http_requests_total{method="post",code="400"} 3 1395066363000
                """), proto(family("http_requests_total", "Requests.", COUNTER,
                metric("method", "get", "code", "200").message(3, value(1027)),
                metric("method", "post", "code", "400").message(3, value(3)).varint(6, 1395066363000L))));
    }

    @Test
    void gaugeAndUntyped() throws ExpositionParseException {
        assertEquals(text("""
                # TYPE temp gauge
                temp{room="a"} -3.5
                temp 1e+300
                other 7
                """), proto(family("temp", "", GAUGE, metric("room", "a").message(2, value(-3.5)),
                metric().message(2, value(1e300))), family("other", "", UNTYPED, metric().message(5, value(7)))));
    }

    @Test
    void summaryGivesQuantilesSumAndCount() throws ExpositionParseException {
        assertEquals(text("""
                # TYPE rpc summary
                rpc{service="a",quantile="0.5"} 0.05
                rpc{service="a",quantile="0.99"} 0.1
                rpc{service="a",quantile="1"} 0.2
                rpc_sum{service="a"} 17.5
                rpc_count{service="a"} 42
                rpc_sum{service="b"} 0
                rpc_count{service="b"} 0
                """), proto(family("rpc", "RPC latency.", SUMMARY,
                metric("service", "a").message(4, new ProtoBytes().varint(1, 42).fixed64(2, 17.5)
                        .message(3, quantile(0.5, 0.05)).message(3, quantile(0.99, 0.1)).message(3, quantile(1, 0.2))),
                metric("service", "b").message(4, new ProtoBytes()))));
    }

    @Test
    void histogramAddsTheInfBucketWhenAbsent() throws ExpositionParseException {
        List<String> expected = text("""
                # TYPE lat histogram
                lat_bucket{le="0.005"} 1
                lat_bucket{le="1"} 3
                lat_bucket{le="2.5"} 4
                lat_bucket{le="+Inf"} 5
                lat_sum 6.25
                lat_count 5
                """);
        ProtoBytes h = new ProtoBytes().varint(1, 5).fixed64(2, 6.25).message(3, bucket(0.005, 1))
                .message(3, bucket(1, 3)).message(3, bucket(2.5, 4));
        assertEquals(expected, proto(family("lat", "", HISTOGRAM, metric().message(7, h))));
        assertTrue(expected.contains("{__name__=\"lat_bucket\", le=\"1.0\"} 3.0"), expected.toString());
        // An explicit +Inf bucket is not repeated, and buckets after it are ignored, as in Prometheus.
        ProtoBytes withInf = new ProtoBytes().varint(1, 5).fixed64(2, 6.25).message(3, bucket(0.005, 1))
                .message(3, bucket(1, 3)).message(3, bucket(2.5, 4)).message(3, bucket(Double.POSITIVE_INFINITY, 5))
                .message(3, bucket(10, 9));
        assertEquals(expected, proto(family("lat", "", HISTOGRAM, metric().message(7, withInf))));
    }

    @Test
    void floatCountsOverrideIntegerCounts() throws ExpositionParseException {
        ProtoBytes h = new ProtoBytes().varint(1, 1).fixed64(4, 2.5).fixed64(2, 1)
                .message(3, new ProtoBytes().varint(1, 7).fixed64(4, 1.5).fixed64(2, 0.1));
        assertEquals(text("""
                # TYPE f histogram
                f_bucket{le="0.1"} 1.5
                f_bucket{le="+Inf"} 2.5
                f_sum 1
                f_count 2.5
                """), proto(family("f", "", HISTOGRAM, metric().message(7, h))));
    }

    @Test
    void nativeOnlyHistogramGivesCountSumAndInfBucket() throws ExpositionParseException {
        // Schema, zero threshold and count, spans and deltas: no classic buckets.
        ProtoBytes h = new ProtoBytes().varint(1, 12).fixed64(2, 30).sint(5, 3).fixed64(6, 1e-128).varint(7, 2)
                .message(12, new ProtoBytes().sint(1, -1).varint(2, 2)).bytes(13, new byte[] {4, 6})
                .message(16, new ProtoBytes().fixed64(2, 1));
        assertEquals(text("""
                # TYPE n histogram
                n_bucket{le="+Inf"} 12
                n_sum 30
                n_count 12
                """), proto(family("n", "", HISTOGRAM, metric().message(7, h))));
    }

    @Test
    void gaugeHistogramIsClassicWithItsType() throws ExpositionParseException {
        byte[] body = delimited(family("g", "", GAUGE_HISTOGRAM,
                metric().message(7, new ProtoBytes().varint(1, 2).fixed64(2, 3).message(3, bucket(1, 2)))));
        ExpositionParser p = ExpositionFormat.PROTOBUF.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        assertEquals(Entry.HELP, p.next());
        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.GAUGE_HISTOGRAM, p.type());
        assertEquals(List.of("{__name__=\"g_bucket\", le=\"+Inf\"} 2.0", "{__name__=\"g_bucket\", le=\"1.0\"} 2.0",
                "{__name__=\"g_count\"} 2.0", "{__name__=\"g_sum\"} 3.0"), series(ExpositionFormat.PROTOBUF, body));
    }

    @Test
    void metadataEntries() throws ExpositionParseException {
        byte[] body = delimited(family("up_seconds", "Uptime \"in\" seconds.\n", GAUGE, metric().message(2, value(1)))
                .string(5, "seconds"), family("empty_family", "skipped", COUNTER),
                family("c_total", "", COUNTER, metric().message(3, value(2))));
        ExpositionParser p = ExpositionFormat.PROTOBUF.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        assertEquals(ExpositionFormat.PROTOBUF, p.format());
        assertEquals(Entry.HELP, p.next());
        assertEquals("up_seconds", p.metricFamily());
        assertEquals("up_seconds", new String(p.buffer(), p.metricFamilyOffset(), p.metricFamilyLength(),
                StandardCharsets.UTF_8));
        assertEquals("Uptime \"in\" seconds.\n", p.help());
        assertEquals("Uptime \"in\" seconds.\n", new String(p.buffer(), p.textOffset(), p.textLength(),
                StandardCharsets.UTF_8));
        assertEquals(Entry.UNIT, p.next());
        assertEquals("seconds", p.unit());
        assertEquals("seconds", new String(p.buffer(), p.textOffset(), p.textLength(), StandardCharsets.UTF_8));
        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.GAUGE, p.type());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(1.0, p.value());
        assertFalse(p.hasTimestamp());
        // The family without metrics gives no entries at all.
        assertEquals(Entry.HELP, p.next());
        assertEquals("c_total", p.metricFamily());
        assertEquals("", p.help());
        assertEquals(Entry.TYPE, p.next());
        assertEquals(MetricType.COUNTER, p.type());
        assertEquals(Entry.SERIES, p.next());
        assertEquals(Entry.END, p.next());
        assertEquals(Entry.END, p.next());
    }

    @Test
    void untypedReadsAsUnknown() throws ExpositionParseException {
        byte[] body = delimited(family("u", "", UNTYPED, metric().message(5, value(1))));
        ExpositionParser p = ExpositionFormat.PROTOBUF.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        p.next();
        p.next();
        assertEquals(MetricType.UNKNOWN, p.type());
    }

    @Test
    void createdTimestampIsNoSeriesAndExemplarsAreSkipped() throws ExpositionParseException {
        ProtoBytes exemplar = new ProtoBytes().message(1, new ProtoBytes().string(1, "trace_id").string(2, "abc"))
                .fixed64(2, 0.5);
        ProtoBytes created = new ProtoBytes().varint(1, 1_700_000_000L).varint(2, 123_456_789);
        byte[] body = delimited(family("c_total", "", COUNTER,
                metric().message(3, new ProtoBytes().fixed64(1, 5).message(2, exemplar).message(3, created))));
        assertEquals(List.of("{__name__=\"c_total\"} 5.0"), series(ExpositionFormat.PROTOBUF, body));
        ExpositionParser p = ExpositionFormat.PROTOBUF.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        p.next();
        p.next();
        assertEquals(Entry.SERIES, p.next());
        assertEquals(1_700_000_000_123L, p.startTimestamp());
        assertNull(p.exemplar());
    }

    @Test
    void nanIsTheNormalNan() throws ExpositionParseException {
        byte[] body = delimited(family("x", "", GAUGE,
                metric().message(2, value(Double.longBitsToDouble(0x7ff0000000000002L)))));
        assertEquals(List.of("{__name__=\"x\"} NaN:7ff8000000000001"), series(ExpositionFormat.PROTOBUF, body));
    }

    @Test
    void emptyLabelValuesAreLeftOutAndReported() throws ExpositionParseException {
        byte[] body = delimited(family("x", "", GAUGE, metric("instance", "", "job", "j").message(2, value(1))));
        ExpositionParser p = ExpositionFormat.PROTOBUF.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        p.next();
        p.next();
        p.next();
        LabelsBuilder b = new LabelsBuilder();
        p.labels(b);
        assertEquals("{__name__=\"x\", job=\"j\"}", b.build().toString());
        List<String> names = new ArrayList<>();
        assertEquals(1, p.emptyLabelNames(names));
        assertEquals(List.of("instance"), names);
    }

    @Test
    void unknownFieldsAndRepeatedMessagesAreHandledAsProtobufDoes() throws ExpositionParseException {
        ProtoBytes m = metric("a", "1").varint(99, 5).fixed64(98, 1).tag(97, 5).raw(new byte[4])
                .tag(96, 3).varint(1, 1).tag(96, 4)
                .message(2, value(1)).message(2, new ProtoBytes().varint(50, 1));
        assertEquals(List.of("{__name__=\"x\", a=\"1\"} 1.0"),
                proto(family("x", "", GAUGE, m).string(77, "ignored")));
    }

    @Test
    void seriesKeysAreDistinctAndStable() throws ExpositionParseException {
        byte[] body = NodeExporterBody.build(ExpositionFormat.PROTOBUF, 4);
        ExpositionParser p = ExpositionFormat.PROTOBUF.newParser(ParseOptions.DEFAULT);
        List<String> first = keys(p, body);
        assertEquals(first.size(), new HashSet<>(first).size());
        assertEquals(first, keys(p, body));
        for (String k : first) {
            assertEquals('\u00ff', k.charAt(0));
        }
    }

    private static List<String> keys(ExpositionParser p, byte[] body) throws ExpositionParseException {
        p.reset(body, body.length);
        List<String> keys = new ArrayList<>();
        Set<Long> hashes = new HashSet<>();
        for (Entry e = p.next(); e != Entry.END; e = p.next()) {
            if (e == Entry.SERIES) {
                byte[] k = Arrays.copyOfRange(p.buffer(), p.seriesOffset(), p.seriesOffset() + p.seriesLength());
                keys.add(new String(k, StandardCharsets.ISO_8859_1));
                hashes.add(p.seriesHash());
            }
        }
        assertEquals(keys.size(), hashes.size());
        return keys;
    }

    @Test
    void nodeExporterBodyGivesTheSameSeriesAsText() throws ExpositionParseException {
        List<String> fromText = series(ExpositionFormat.PROMETHEUS_TEXT,
                NodeExporterBody.build(ExpositionFormat.PROMETHEUS_TEXT, 8));
        List<String> fromProto = series(ExpositionFormat.PROTOBUF, NodeExporterBody.build(ExpositionFormat.PROTOBUF, 8));
        assertEquals(fromText, fromProto);
        assertTrue(fromText.size() > 100);
    }

    @Test
    void contentTypeAndFactory() {
        assertEquals(ExpositionFormat.PROTOBUF, ExpositionFormat.ofContentType(
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"));
        assertEquals(ExpositionFormat.PROTOBUF, ExpositionFormat.ofContentType(ExpositionFormat.PROTOBUF.contentType()));
        assertTrue(ExpositionFormat.PROTOBUF.newParser(ParseOptions.DEFAULT) instanceof ProtobufParser);
        assertNotEquals(ExpositionFormat.PROTOBUF, ExpositionFormat.negotiate("application/vnd.google.protobuf"));
        assertThrows(IllegalStateException.class, ExpositionFormat.PROTOBUF::newWriter);
    }

    // ---- malformed input

    private static ExpositionParseException fails(byte[] body) {
        ExpositionParser p = ExpositionFormat.PROTOBUF.newParser(ParseOptions.DEFAULT).reset(body, body.length);
        return assertThrows(ExpositionParseException.class, () -> {
            for (Entry e = p.next(); e != Entry.END; e = p.next()) {
                if (e == Entry.SERIES) {
                    p.labels(new LabelsBuilder());
                }
            }
        });
    }

    private static void failsWith(byte[] body, String reason, int offset) {
        ExpositionParseException e = fails(body);
        assertEquals(reason, e.reason());
        assertEquals(offset, e.offset());
        assertEquals(1, e.line());
        assertEquals(offset + 1, e.column());
    }

    private static byte[] gaugeFamily(ProtoBytes metric) {
        return delimited(family("x", "", GAUGE, metric));
    }

    @Test
    void truncatedLengthPrefix() {
        failsWith(new byte[] {(byte) 0x80}, "clientpb: invalid varint encountered: the length prefix of the metric"
                + " family at byte 0 is not a varint of at most 5 bytes", 0);
        failsWith(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1},
                "clientpb: invalid varint encountered: the length prefix of the metric family at byte 0 is not a varint"
                        + " of at most 5 bytes", 0);
    }

    @Test
    void familyLongerThanTheBody() {
        byte[] good = gaugeFamily(metric().message(2, value(1)));
        failsWith(Arrays.copyOf(good, good.length - 1), "clientpb: insufficient length of buffer, expected at least "
                + good.length + " bytes, got " + (good.length - 1) + " bytes", 0);
    }

    @Test
    void fieldLengthPastTheEndOfItsMessage() {
        // Metric { Label (length 100) } inside a family that ends sooner.
        byte[] body = delimited(new ProtoBytes().string(1, "x").varint(3, GAUGE).tag(4, 2).rawVarint(3)
                .tag(1, 2).rawVarint(100).raw((byte) 0));
        ExpositionParseException e = fails(body);
        assertEquals("unexpected EOF: field Label of Metric declares 100 bytes but only 1 remain", e.reason());
    }

    @Test
    void truncatedVarintInsideAMessage() {
        byte[] body = delimited(new ProtoBytes().string(1, "x").varint(3, GAUGE).tag(4, 2).rawVarint(2)
                .tag(6, 0).raw((byte) 0x81));
        assertEquals("unexpected EOF: varint truncated at the end of Metric", fails(body).reason());
    }

    @Test
    void varintOfElevenBytes() {
        ProtoBytes m = new ProtoBytes().tag(6, 0).raw(new byte[] {(byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81,
            (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, 1});
        assertEquals("proto: integer overflow: varint longer than ten bytes in Metric", fails(gaugeFamily(m)).reason());
    }

    @Test
    void truncatedDouble() {
        ProtoBytes gauge = new ProtoBytes().tag(1, 1).raw(new byte[5]);
        assertEquals("unexpected EOF: 8-byte value truncated at the end of Gauge",
                fails(gaugeFamily(metric().message(2, gauge))).reason());
    }

    @Test
    void wrongWireTypes() {
        byte[] name = delimited(new ProtoBytes().varint(1, 5).message(4, metric()));
        failsWith(name, "proto: wrong wireType = 0 for field Name of MetricFamily (expected 2)", 1);
        byte[] type = delimited(new ProtoBytes().string(1, "x").fixed64(3, 1).message(4, metric()));
        assertEquals("proto: wrong wireType = 1 for field Type of MetricFamily (expected 0)", fails(type).reason());
        assertEquals("proto: wrong wireType = 0 for field Value of Gauge (expected 1)",
                fails(gaugeFamily(metric().message(2, new ProtoBytes().varint(1, 1)))).reason());
        assertEquals("proto: wrong wireType = 2 for field TimestampMs of Metric (expected 0)",
                fails(gaugeFamily(metric().string(6, "1"))).reason());
        assertEquals("proto: wrong wireType = 0 for field UpperBound of Bucket (expected 1)",
                fails(delimited(family("h", "", HISTOGRAM, metric().message(7,
                        new ProtoBytes().message(3, new ProtoBytes().varint(2, 1))))))
                        .reason());
    }

    @Test
    void illegalTagsAndGroups() {
        assertEquals("proto: Metric: illegal tag 0 (wire type 0)",
                fails(gaugeFamily(new ProtoBytes().raw((byte) 0, (byte) 0))).reason());
        assertEquals("proto: Metric: illegal wireType 7", fails(gaugeFamily(new ProtoBytes().tag(3, 7))).reason());
        assertEquals("proto: Metric: unexpected end of group",
                fails(gaugeFamily(new ProtoBytes().tag(20, 4))).reason());
        assertEquals("unexpected EOF: varint truncated at the end of Metric",
                fails(gaugeFamily(new ProtoBytes().tag(20, 3).varint(1, 1))).reason());
    }

    @Test
    void invalidNamesHelpAndValues() {
        byte[] badName = new byte[] {'a', (byte) 0xC3};
        failsWith(delimited(new ProtoBytes().bytes(1, badName).varint(3, GAUGE).message(4, metric())),
                "invalid metric name: \"a\\xc3\"", 3);
        assertEquals("invalid metric name: \"\"",
                fails(delimited(new ProtoBytes().varint(3, GAUGE).message(4, metric()))).reason());
        assertEquals("invalid help for metric \"x\": \"\\xff\"",
                fails(delimited(new ProtoBytes().string(1, "x").bytes(2, new byte[] {(byte) 0xFF}).message(4, metric())))
                        .reason());
        assertEquals("unknown metric type for metric \"x\": 6",
                fails(delimited(new ProtoBytes().string(1, "x").varint(3, 6).message(4, metric()))).reason());
        assertEquals("invalid label name: \"\\xed\\xa0\\x80\" in metric \"x\"", fails(gaugeFamily(new ProtoBytes()
                .message(1, new ProtoBytes().bytes(1, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))))
                .reason());
        assertEquals("invalid label name: \"\" in metric \"x\"",
                fails(gaugeFamily(new ProtoBytes().message(1, new ProtoBytes().string(2, "v")))).reason());
        assertEquals("invalid label value: \"\\xc0\\xaf\" of label \"a\" in metric \"x\"", fails(gaugeFamily(
                new ProtoBytes().message(1, new ProtoBytes().string(1, "a").bytes(2, new byte[] {(byte) 0xC0, (byte) 0xAF}))))
                .reason());
    }

    @Test
    void duplicateLabelNames() {
        assertEquals("label name \"a\" is not unique", fails(gaugeFamily(metric("a", "1", "b", "2", "a", "3"))).reason());
        assertEquals("label name \"__name__\" is not unique: the metric name is set already",
                fails(gaugeFamily(metric("__name__", "y"))).reason());
        assertEquals("label name \"le\" is not unique: the histogram buckets of metric \"h\" set it",
                fails(delimited(family("h", "", HISTOGRAM, metric("le", "1").message(7, new ProtoBytes())))).reason());
        // A summary without quantiles gives no quantile series, so its own quantile label is fine.
        ExpositionParseException e = fails(delimited(family("s", "", SUMMARY,
                metric("quantile", "x").message(4, new ProtoBytes().message(3, quantile(0.5, 1))))));
        assertEquals("label name \"quantile\" is not unique: the summary quantiles of metric \"s\" set it", e.reason());
    }

    @Test
    void summaryWithoutQuantilesMayCarryAQuantileLabel() throws ExpositionParseException {
        assertArrayEquals(new String[] {"{__name__=\"s_count\", quantile=\"x\"} 0.0", "{__name__=\"s_sum\", quantile=\"x\"} 0.0"},
                proto(family("s", "", SUMMARY, metric("quantile", "x").message(4, new ProtoBytes()))).toArray());
    }
}
