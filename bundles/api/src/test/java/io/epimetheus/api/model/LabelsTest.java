package io.epimetheus.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelsTest {

    // Recorded from the implementation; they must never change.
    private static final String PINNED_HASH = "d41a585e7ec521c9";
    private static final String PINNED_EMPTY_HASH = "9ca066f1a4ab2eea";

    @Test
    void sortsByNameAndDropsEmptyValues() {
        Labels l = Labels.of("job", "node", "__name__", "up", "instance", "", "a", "1");
        assertEquals(3, l.size());
        assertEquals(List.of("__name__", "a", "job"), names(l));
        assertEquals("up", l.value(0));
        assertNull(l.get("instance"), "an empty value is an absent label");
        assertEquals("", l.getOrEmpty("instance"));
        assertFalse(l.has("instance"));
        assertEquals(Labels.EMPTY, Labels.of("a", ""));
        assertTrue(Labels.of().isEmpty());
        assertSame(Labels.EMPTY, Labels.of("x", "").toBuilder().build());
    }

    @Test
    void sortsByCodePointLikeGo() {
        // U+FF5E (BMP, after the surrogate range) sorts before U+1F600 (a surrogate pair in UTF-16),
        // although String.compareTo orders them the other way round.
        String bmpHigh = "\uFF5E";
        String astral = "\uD83D\uDE00";
        assertTrue(bmpHigh.compareTo(astral) > 0);
        assertTrue(Labels.compareStrings(bmpHigh, astral) < 0);
        Labels l = Labels.of(astral, "1", bmpHigh, "2", "z", "3", "Z", "4", "é", "5");
        assertEquals(List.of("Z", "z", "é", bmpHigh, astral), names(l));
        assertEquals(0, Labels.compareStrings("", ""));
        assertTrue(Labels.compareStrings("a", "ab") < 0);
        assertTrue(Labels.compareStrings("ab", "a") > 0);
    }

    @Test
    void compareStringsIsUtf8ByteOrderOnRandomStrings() {
        Random random = new Random(1);
        String[] alphabet = {"a", "b", "Z", "é", "\u07FF", "\u0800", "\uD7FF", "\uE000", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00", "\uDBFF\uDFFF"};
        for (int i = 0; i < 20_000; i++) {
            String a = randomString(random, alphabet);
            String b = randomString(random, alphabet);
            int expected = Integer.signum(Arrays.compareUnsigned(utf8(a), utf8(b)));
            assertEquals(expected, Integer.signum(Labels.compareStrings(a, b)), a + " vs " + b);
        }
    }

    @Test
    void equalityAndHash() {
        Labels a = Labels.of("job", "x", "instance", "y");
        Labels b = Labels.of("instance", "y", "job", "x");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.hash(), b.hash());
        assertEquals(0, a.compareTo(b));
        assertNotEquals(a, Labels.of("job", "x"));
        assertNotEquals(a, Labels.of("job", "x", "instance", "z"));
        // the separator makes ("ab","c") and ("a","bc") differ
        assertNotEquals(Labels.of("ab", "c").hash(), Labels.of("a", "bc").hash());
        assertNotEquals(Labels.of("a", "b", "c", "d").hash(), Labels.of("a", "bc", "", "d").hash());
        assertNotEquals(a, "not labels");
    }

    @Test
    void hashIsStableAcrossRuns() {
        // Persisted or used for sharding: a change here breaks existing data.
        assertEquals(Labels.of("__name__", "up", "job", "node").hash(), Labels.of("job", "node", "__name__", "up").hash());
        long h = Labels.of("__name__", "up", "job", "node").hash();
        assertEquals(h, Labels.of(Map.of("job", "node", "__name__", "up")).hash());
        assertEquals(PINNED_HASH, Long.toHexString(h));
        assertEquals(PINNED_EMPTY_HASH, Long.toHexString(Labels.EMPTY.hash()));
    }

    @Test
    void hashesRarelyCollide() {
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            hashes.add(Labels.of("__name__", "m", "instance", "host-" + i, "job", "j" + (i % 7)).hash());
        }
        assertEquals(50_000, hashes.size());
    }

    @Test
    void compareToIsPairwiseNameThenValueShorterFirst() {
        List<Labels> sorted = List.of(
                Labels.EMPTY,
                Labels.of("a", "1"),
                Labels.of("a", "1", "b", "1"),
                Labels.of("a", "2"),
                Labels.of("b", "0"));
        List<Labels> shuffled = new ArrayList<>(sorted);
        java.util.Collections.shuffle(shuffled, new Random(3));
        shuffled.sort(null);
        assertEquals(sorted, shuffled);
        assertTrue(Labels.of("a", "1", "b", "1").compareTo(Labels.of("a", "1", "c", "0")) < 0);
    }

    @Test
    void metricName() {
        Labels l = Labels.of("__name__", "up", "job", "x");
        assertEquals("up", l.metricName());
        assertEquals(Labels.of("job", "x"), l.withoutMetricName());
        Labels noName = Labels.of("job", "x");
        assertNull(noName.metricName());
        assertSame(noName, noName.withoutMetricName());
        assertEquals("__name__", Labels.METRIC_NAME);
    }

    @Test
    void withoutKeepOnlyAndHashes() {
        Labels l = Labels.of("__name__", "m", "a", "1", "b", "2", "c", "3");
        assertEquals(Labels.of("__name__", "m", "c", "3"), l.without("a", "b"));
        assertEquals(Labels.of("__name__", "m", "c", "3"), l.without("b", "a", "b", "missing"), "repeated names");
        assertSame(l, l.without("x", "y"));
        assertEquals(Labels.EMPTY, l.without("__name__", "a", "b", "c"));
        assertEquals(Labels.of("a", "1", "c", "3"), l.keepOnly("c", "a", "missing", "a"));
        assertEquals(Labels.EMPTY, l.keepOnly());
        // hashFor over sorted names equals the hash of the kept labels; hashWithout of the rest
        assertEquals(l.keepOnly("a", "c").hash(), l.hashFor("a", "c"));
        assertEquals(l.keepOnly("a", "c").hash(), l.hashFor("a", "c", "zzz"), "absent names add nothing");
        assertEquals(l.without("a", "c").hash(), l.hashWithout("a", "c"));
        assertEquals(Labels.of("a", "1", "x", "9").hashFor("a"), l.hashFor("a"));
        assertNotEquals(l.hashFor("a"), l.hashFor("b"));
        assertEquals(Labels.EMPTY.hash(), l.hashFor());
    }

    @Test
    void builderIsReusable() {
        LabelsBuilder b = new LabelsBuilder();
        Labels first = b.set("job", "x").set("__name__", "up").set("instance", "i").build();
        assertEquals(Labels.of("__name__", "up", "instance", "i", "job", "x"), first);
        b.set("job", "y").delete("instance");
        assertEquals(Labels.of("__name__", "up", "job", "y"), b.build());
        assertEquals(Labels.of("__name__", "up", "instance", "i", "job", "x"), first, "built labels are not affected");
        assertEquals("y", b.get("job"));
        assertEquals(2, b.size());
        b.set("job", "");
        assertNull(b.get("job"), "setting empty deletes");
        b.reset();
        assertEquals(0, b.size());
        assertSame(Labels.EMPTY, b.build());
        b.reset(first).set("extra", "1");
        assertEquals(Labels.of("__name__", "up", "extra", "1", "instance", "i", "job", "x"), b.build());
        for (int i = 0; i < 40; i++) { // grows past its initial capacity
            b.set("l" + i, "v" + i);
        }
        Labels big = b.build();
        assertEquals(44, big.size());
        assertEquals("v39", big.get("l39"));
        assertEquals(big.indexOf("l5"), names(big).indexOf("l5"), "binary search for large sets");
        assertTrue(big.indexOf("l40") < 0);
        assertThrows(IllegalArgumentException.class, () -> b.set(null, "x"));
        assertThrows(IllegalArgumentException.class, () -> b.set("x", null));
    }

    @Test
    void toBuilderStartsFromTheLabels() {
        Labels l = Labels.of("a", "1", "b", "2");
        assertEquals(Labels.of("a", "1", "b", "3", "c", "4"), l.toBuilder().set("b", "3").set("c", "4").build());
        assertEquals(Labels.of("a", "1", "b", "2"), l);
    }

    @Test
    void rejectsMalformedInput() {
        assertThrows(IllegalArgumentException.class, () -> Labels.of("a"));
        assertThrows(IllegalArgumentException.class, () -> Labels.of("a", "1", "a", "2"));
        assertThrows(IllegalArgumentException.class, () -> Labels.of("a", null));
    }

    @Test
    void forEachInOrderAndFromMap() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("z", "1");
        in.put("a", "2");
        in.put("m", "");
        Map<String, String> out = new LinkedHashMap<>();
        Labels.of(in).forEach(out::put);
        assertEquals(List.of("a", "z"), new ArrayList<>(out.keySet()));
        assertEquals(new TreeMap<>(Map.of("a", "2", "z", "1")), new TreeMap<>(out));
    }

    @Test
    void printsLikePrometheus() {
        assertEquals("{__name__=\"up\", job=\"x\"}", Labels.of("job", "x", "__name__", "up").toString());
        assertEquals("{}", Labels.EMPTY.toString());
        assertEquals("{a=\"q\\\"b\\\\c\"}", Labels.of("a", "q\"b\\c").toString());
        assertEquals("{\"foo.bar\"=\"1\", ok=\"2\"}", Labels.of("foo.bar", "1", "ok", "2").toString());
        assertEquals("{\"9x\"=\"1\"}", Labels.of("9x", "1").toString());
    }

    @Test
    void quotesLikeGosStrconvQuote() {
        assertEquals("{a=\"line1\\nline2\\ttab\\rcr\"}", Labels.of("a", "line1\nline2\ttab\rcr").toString());
        assertEquals("{a=\"\\a\\b\\f\\v\\x00\\x1f\\x7f\"}", Labels.of("a", "\u0007\b\f\u000B\u0000\u001F\u007F").toString());
        assertEquals("{a=\"\\u0085\\u00a0\\u2028\\u200b\"}", Labels.of("a", "\u0085\u00A0\u2028\u200B").toString());
        assertEquals("{a=\"é😀 ü\"}", Labels.of("a", "é😀 ü").toString());
        assertEquals("{a=\"\\U000e0001\\ufffd\"}", Labels.of("a", "\uDB40\uDC01\uD800").toString());
        // A supplementary code point whose low 16 bits look like a surrogate is not one.
        assertEquals("{a=\"\\U000edc80\"}", Labels.of("a", new String(Character.toChars(0xEDC80))).toString());
        assertEquals("{\"a b\"=\"1\"}", Labels.of("a b", "1").toString());
    }

    @ParameterizedTest
    @CsvSource({"abc,true,true", "_a1,true,true", "a:b,true,false", ":a,true,false", "1a,false,false", "'',false,false", "a-b,false,false", "é,false,false"})
    void legacyNames(String name, boolean metric, boolean label) {
        assertEquals(metric, Labels.isLegacyMetricName(name));
        assertEquals(label, Labels.isLegacyLabelName(name));
    }

    @Test
    void utf8Validity() {
        assertTrue(Labels.isValidLabelName("foo.bar 😀"));
        assertFalse(Labels.isValidLabelName(""));
        assertFalse(Labels.isValidLabelName("a\uD800"));
        assertFalse(Labels.isWellFormed("\uDC00a"));
        assertTrue(Labels.isWellFormed("\uD83D\uDE00"));
    }

    private static List<String> names(Labels l) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(l.name(i));
        }
        return out;
    }

    private static String randomString(Random random, String[] alphabet) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
