package io.epimetheus.config.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The emitter against text Go's yaml.v2 wrote: the expected strings are Debian Prometheus 2.42's
 * {@code /api/v1/status/config} for external labels and a relabel/static config chosen to exercise
 * quoting, escapes, literal blocks, folding past 80 columns, flow sequences and map key order.
 */
class YamlEmitterTest {

    private static final String LONG_EXPECTED = "global:\n  external_labels:\n    a: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12\n      word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23\n      word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34\n      word35 word36 word37 word38 word39\n    b: 'quote''s: x0 x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12 x13 x14 x15 x16 x17 x18\n      x19 x20 x21 x22 x23 x24 x25 x26 x27 x28 x29 x30 x31 x32 x33 x34 x35 x36 x37\n      x38 x39'\n    c: \"dq \\\"a\\\" y0 y1 y2 y3 y4 y5 y6 y7 y8 y9 y10 y11 y12 y13 y14 y15 y16 y17 y18\n      y19 y20 y21 y22 y23 y24 y25 y26 y27 y28 y29 y30 y31 y32 y33 y34 y35 y36 y37\n      y38 y39\\ttab\"\n    d: |\n      multi\n      line\n    e: ' lead'\n    f: \"\u00E9 \u00FC \\U0001F600\"\n    g: \"10:30\"\n    h: \"0x1F\"\n    i: \"1_000\"\n    j: \"yes\"\n    k: '-'\n    l: '- a'\n    m: 'a #b'\n    \"n\": '#a'\n    o: \"~\"\n    p: \"2001-01-01\"\n    q: \".5\"\n    r: \"null\"\n    s: a\\b\n";
    private static Map<String, String> longValues() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a", "word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39");
        m.put("b", "quote's: x0 x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12 x13 x14 x15 x16 x17 x18 x19 x20 x21 x22 x23 x24 x25 x26 x27 x28 x29 x30 x31 x32 x33 x34 x35 x36 x37 x38 x39");
        m.put("c", "dq \"a\" y0 y1 y2 y3 y4 y5 y6 y7 y8 y9 y10 y11 y12 y13 y14 y15 y16 y17 y18 y19 y20 y21 y22 y23 y24 y25 y26 y27 y28 y29 y30 y31 y32 y33 y34 y35 y36 y37 y38 y39\ttab");
        m.put("d", "multi\nline\n");
        m.put("e", " lead");
        m.put("f", "\u00E9 \u00FC \uD83D\uDE00");
        m.put("g", "10:30");
        m.put("h", "0x1F");
        m.put("i", "1_000");
        m.put("j", "yes");
        m.put("k", "-");
        m.put("l", "- a");
        m.put("m", "a #b");
        m.put("n", "#a");
        m.put("o", "~");
        m.put("p", "2001-01-01");
        m.put("q", ".5");
        m.put("r", "null");
        m.put("s", "a\\b");
        return m;
    }

    private static final String EDGE_EXPECTED = "global:\n  external_labels:\n    b1: \"On\"\n    b2: oN\n    b3: <<\n    l1: |+\n      two\n\n    l2: |2-\n\n      lead\n    l3: |-\n      a\n       b\n    l4: |-\n      no newline at end\n      x\n    n1: \"1e5\"\n    n2: 1e400\n    n3: \".5\"\n    n4: \"+1\"\n    n5: \"0o17\"\n    n6: \"0b101\"\n    n7: \"-0b101\"\n    n8: 0x\n    n9: 0xFFFFFFFFFFFFFFFFFF\n    n10: \"18446744073709551615\"\n    n11: \"-9223372036854775809\"\n    n12: 1.2.3\n    n13: \"0755\"\n    n14: \"089\"\n    q1: \"tab\\there\"\n    q2: \"nel\\Nx\"\n    q3: 'ls\u2028      x'\n    q4: \"bom\\uFEFFx\"\n    q5: \u00A0nbsp\n    s1: \"\"\n    s2: a:b\n    s3: ?x\n    s4: :x\n    s5: 'x:'\n    s6: -x\n    s7: '---'\n    s8: '@x'\n    s9: x,y\n    sp: a  b\n    t1: 2001-01-01T10:00:00\n    t2: \"2001-01-01T10:00:00Z\"\n    t3: \"2001-1-1 1:2:3\"\n    t4: 2001-02-30\n    tr: 'trail '\n";
    private static Map<String, String> edgeValues() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("t1", "2001-01-01T10:00:00");
        m.put("t2", "2001-01-01T10:00:00Z");
        m.put("t3", "2001-1-1 1:2:3");
        m.put("t4", "2001-02-30");
        m.put("l1", "two\n\n");
        m.put("l2", "\nlead");
        m.put("l3", "a\n b");
        m.put("l4", "no newline at end\nx");
        m.put("s1", "");
        m.put("s2", "a:b");
        m.put("s3", "?x");
        m.put("s4", ":x");
        m.put("s5", "x:");
        m.put("s6", "-x");
        m.put("s7", "---");
        m.put("s8", "@x");
        m.put("s9", "x,y");
        m.put("n1", "1e5");
        m.put("n2", "1e400");
        m.put("n3", ".5");
        m.put("n4", "+1");
        m.put("n5", "0o17");
        m.put("n6", "0b101");
        m.put("n7", "-0b101");
        m.put("n8", "0x");
        m.put("n9", "0xFFFFFFFFFFFFFFFFFF");
        m.put("n10", "18446744073709551615");
        m.put("n11", "-9223372036854775809");
        m.put("n12", "1.2.3");
        m.put("n13", "0755");
        m.put("n14", "089");
        m.put("b1", "On");
        m.put("b2", "oN");
        m.put("b3", "<<");
        m.put("q1", "tab\there");
        m.put("q2", "nel\u0085x");
        m.put("q3", "ls\u2028x");
        m.put("q4", "bom\uFEFFx");
        m.put("q5", "\u00A0nbsp");
        m.put("sp", "a  b");
        m.put("tr", "trail ");
        return m;
    }

    private static final String RELABEL_EXPECTED = "  relabel_configs:\n  - source_labels: [label_number_0, label_number_1, label_number_2, label_number_3,\n      label_number_4, label_number_5, label_number_6, label_number_7, label_number_8,\n      label_number_9, label_number_10, label_number_11]\n    separator: ;\n    regex: (.*)\n    target_label: x\n    replacement: $1\n    action: replace\n  static_configs:\n  - targets: []\n    labels:\n      _b: z\n      B: w\n      a: u\n      a2: \"y\"\n      a2b: s\n      a02: t\n      a10: x\n      b: v\n";

    @Test
    void scalarsAreQuotedEscapedAndFoldedAsGoWritesThem() {
        assertEquals(LONG_EXPECTED, YamlEmitter.write(labels(longValues())));
        assertEquals(EDGE_EXPECTED, YamlEmitter.write(labels(edgeValues())));
    }

    @Test
    void flowSequencesWrapAndMapKeysSortAsInGo() {
        List<YamlOut> sources = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sources.add(new YamlOut.Str("label_number_" + i));
        }
        YamlOut relabel = new YamlOut.Mapping(List.of(
                new YamlOut.Entry("source_labels", new YamlOut.Sequence(sources, true)),
                new YamlOut.Entry("separator", new YamlOut.Str(";")),
                new YamlOut.Entry("regex", new YamlOut.Str("(.*)")),
                new YamlOut.Entry("target_label", new YamlOut.Str("x")),
                new YamlOut.Entry("replacement", new YamlOut.Str("$1")),
                new YamlOut.Entry("action", new YamlOut.Str("replace"))));
        Map<String, String> labels = new TreeMap<>(GoMapOrder.INSTANCE);
        for (String k : new String[] {"a10", "a2", "_b", "B", "b", "a", "a02", "a2b"}) {
            labels.put(k, Map.of("a10", "x", "a2", "y", "_b", "z", "B", "w", "b", "v", "a", "u", "a02", "t", "a2b", "s").get(k));
        }
        List<YamlOut.Entry> labelEntries = new ArrayList<>();
        labels.forEach((k, v) -> labelEntries.add(new YamlOut.Entry(k, new YamlOut.Str(v))));
        YamlOut group = new YamlOut.Mapping(List.of(
                new YamlOut.Entry("targets", new YamlOut.Sequence(List.of(), false)),
                new YamlOut.Entry("labels", new YamlOut.Mapping(labelEntries))));
        YamlOut doc = new YamlOut.Mapping(List.of(new YamlOut.Entry("scrape_configs", new YamlOut.Sequence(List.of(
                new YamlOut.Mapping(List.of(
                        new YamlOut.Entry("job_name", new YamlOut.Str("j")),
                        new YamlOut.Entry("relabel_configs", new YamlOut.Sequence(List.of(relabel), false)),
                        new YamlOut.Entry("static_configs", new YamlOut.Sequence(List.of(group), false))))), false))));
        String written = YamlEmitter.write(doc);
        assertEquals(RELABEL_EXPECTED, written.substring(written.indexOf("  relabel_configs:")));
    }

    @Test
    void emptyCollectionsAndNestedSequences() {
        YamlOut doc = new YamlOut.Mapping(List.of(
                new YamlOut.Entry("m", new YamlOut.Mapping(List.of())),
                new YamlOut.Entry("s", new YamlOut.Sequence(List.of(), false)),
                new YamlOut.Entry("nested", new YamlOut.Sequence(List.of(
                        new YamlOut.Sequence(List.of(new YamlOut.Str("a"), new YamlOut.Token("1")), false),
                        new YamlOut.Mapping(List.of())), false))));
        assertEquals("m: {}\ns: []\nnested:\n- - a\n  - 1\n- {}\n", YamlEmitter.write(doc));
    }

    private static YamlOut labels(Map<String, String> values) {
        Map<String, String> sorted = new TreeMap<>(GoMapOrder.INSTANCE);
        sorted.putAll(values);
        List<YamlOut.Entry> entries = new ArrayList<>();
        sorted.forEach((k, v) -> entries.add(new YamlOut.Entry(k, new YamlOut.Str(v))));
        return new YamlOut.Mapping(List.of(new YamlOut.Entry("global", new YamlOut.Mapping(List.of(
                new YamlOut.Entry("external_labels", new YamlOut.Mapping(entries)))))));
    }
}
