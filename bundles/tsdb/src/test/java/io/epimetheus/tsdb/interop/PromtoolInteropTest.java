package io.epimetheus.tsdb.interop;

import static io.epimetheus.tsdb.TestUtil.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TestUtil;
import io.epimetheus.tsdb.TestUtil.S;
import io.epimetheus.tsdb.TsdbOptions;
import io.epimetheus.tsdb.block.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our blocks and WAL read by Prometheus's promtool, and promtool's blocks read by us. */
class PromtoolInteropTest {

    static final long H = 3_600_000;

    @TempDir
    Path dir;

    /** Parses {@code promtool tsdb dump} lines: {@code {labels} value timestamp}. */
    static Map<Labels, List<S>> parseDump(String out) {
        Map<Labels, List<S>> got = new TreeMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String[] rest = line.substring(close + 1).trim().split(" ");
            Labels l = parseLabels(line.substring(0, close + 1));
            double v = Double.parseDouble(rest[0].replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            got.computeIfAbsent(l, k -> new ArrayList<>()).add(S.of(Long.parseLong(rest[1]), v));
        }
        return got;
    }

    /** Parses Go's {@code labels.String()} form, {@code {a="b", c="d"}}. */
    static Labels parseLabels(String s) {
        LabelsBuilder b = new LabelsBuilder();
        int i = 1;
        while (i < s.length() - 1) {
            int eq = s.indexOf('=', i);
            String name = s.substring(i, eq).trim();
            int j = eq + 2;
            StringBuilder v = new StringBuilder();
            while (s.charAt(j) != '"') {
                char c = s.charAt(j);
                if (c == '\\') {
                    char e = s.charAt(++j);
                    v.append(e == 'n' ? '\n' : e);
                } else {
                    v.append(c);
                }
                j++;
            }
            b.set(name, v.toString());
            i = j + 1;
            while (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == ' ')) {
                i++;
            }
        }
        return b.build();
    }

    /** NaN payloads are not printed, so compare NaN-ness there and bits elsewhere. */
    static void assertSameData(Map<Labels, List<S>> want, Map<Labels, List<S>> got) {
        assertEquals(want.keySet(), got.keySet());
        for (Labels l : want.keySet()) {
            List<S> w = want.get(l);
            List<S> g = got.get(l);
            assertEquals(w.size(), g.size(), "samples of " + l);
            for (int i = 0; i < w.size(); i++) {
                assertEquals(w.get(i).t(), g.get(i).t(), l + " sample " + i);
                double wv = Double.longBitsToDouble(w.get(i).bits());
                double gv = Double.longBitsToDouble(g.get(i).bits());
                if (Double.isNaN(wv)) {
                    assertTrue(Double.isNaN(gv), l + " sample " + i);
                } else {
                    assertEquals(wv, gv, l + " sample " + i);
                }
            }
        }
    }

    @Test
    void promtoolReadsOurBlocksAndWal() throws Exception {
        Path promtool = Promtool.require();
        Map<Labels, List<S>> want = new TreeMap<>();
        Random rnd = new Random(1);
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            long[] refs = new long[30];
            for (long t = 0; t < 7 * H; t += 15_000 + rnd.nextInt(50)) {
                Appender app = db.appender();
                for (int s = 0; s < refs.length; s++) {
                    Labels l = Labels.of("__name__", "metric_" + (s % 5), "instance", "host-" + s + ":9100",
                            "job", s % 3 == 0 ? "node" : "app", "path", "/ü/" + s);
                    double v = switch (s % 4) {
                        case 0 -> t / 1000.0;
                        case 1 -> rnd.nextGaussian() * 1e6;
                        case 2 -> (t / 15_000) % 10 == 0 ? StaleNaN.VALUE : s;
                        default -> rnd.nextInt(100);
                    };
                    refs[s] = app.append(refs[s], l, t, v);
                    want.computeIfAbsent(l, k -> new ArrayList<>()).add(S.of(t, v));
                }
                app.commit();
            }
            assertTrue(db.compact() >= 2);
        }
        String list = Promtool.run(promtool, "tsdb", "list", dir.toString());
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            for (Block b : db.blocks()) {
                assertTrue(list.contains(b.ulid()), list);
                assertTrue(list.contains(" " + b.meta().numSamples() + " "), list);
            }
        }
        String analyze = Promtool.run(promtool, "tsdb", "analyze", dir.toString());
        assertTrue(analyze.contains("Series: 30"), analyze);
        // dump reads every block and replays our WAL for the head
        String dump = Promtool.run(promtool, "tsdb", "dump", dir.toString());
        assertSameData(want, parseDump(dump));
    }

    @Test
    void weReadBlocksPromtoolCreated() throws Exception {
        Path promtool = Promtool.require();
        StringBuilder om = new StringBuilder();
        Map<Labels, List<S>> want = new TreeMap<>();
        om.append("# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n");
        long base = 1_700_000_000_000L / H * H;
        for (int code = 200; code <= 500; code += 100) {
            Labels l = Labels.of("__name__", "http_requests_total", "code", Integer.toString(code));
            for (long t = base; t < base + 5 * H; t += 30_000) {
                double v = (t - base) / 1000.0 * code;
                om.append("http_requests_total{code=\"").append(code).append("\"} ").append(v).append(' ')
                        .append(t / 1000).append('\n');
                want.computeIfAbsent(l, k -> new ArrayList<>()).add(S.of(t, v));
            }
        }
        om.append("# TYPE temperature gauge\n");
        Labels temp = Labels.of("__name__", "temperature");
        for (long t = base; t < base + 5 * H; t += 60_000) {
            double v = 20 + Math.sin(t / 1e6);
            om.append("temperature ").append(v).append(' ').append(t / 1000).append('\n');
            want.computeIfAbsent(temp, k -> new ArrayList<>()).add(S.of(t, v));
        }
        om.append("# EOF\n");
        Path file = dir.resolve("in.om");
        Files.writeString(file, om, StandardCharsets.UTF_8);
        Path data = dir.resolve("data");
        Promtool.run(promtool, "tsdb", "create-blocks-from", "openmetrics", file.toString(), data.toString());
        try (Db db = Db.open(TsdbOptions.defaults(data))) {
            assertTrue(db.blocks().size() >= 3, "blocks: " + db.blocks());
            assertSameData(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            // and compacting Prometheus's blocks with ours keeps every sample
            db.compact();
            assertSameData(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
        }
        String dump = Promtool.run(promtool, "tsdb", "dump", data.toString());
        assertSameData(want, parseDump(dump));
    }

    @Test
    void ourBackfillMatchesPromtoolsSampleForSample() throws Exception {
        Path promtool = Promtool.require();
        Map<Labels, List<S>> want = new TreeMap<>();
        Path in = dir.resolve("in.om");
        Files.writeString(in, io.epimetheus.tsdb.tool.TsdbToolTest.document(want), StandardCharsets.UTF_8);
        Path ours = dir.resolve("ours");
        Path theirs = dir.resolve("theirs");
        assertEquals(0, io.epimetheus.tsdb.tool.TsdbToolTest.run("create-blocks-from", "openmetrics", in.toString(),
                ours.toString()).code());
        Promtool.run(promtool, "tsdb", "create-blocks-from", "openmetrics", in.toString(), theirs.toString());
        for (Path d : new Path[] {ours, theirs}) {
            try (Db db = Db.open(TsdbOptions.defaults(d))) {
                assertSameData(want, query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
            }
            assertSameData(want, parseDump(Promtool.run(promtool, "tsdb", "dump", d.toString())));
        }
    }
}
