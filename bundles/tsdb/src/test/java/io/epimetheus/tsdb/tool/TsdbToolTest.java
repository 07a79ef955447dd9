package io.epimetheus.tsdb.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TestUtil;
import io.epimetheus.tsdb.TestUtil.S;
import io.epimetheus.tsdb.TsdbOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TsdbToolTest {

    static final long H = 3_600_000;

    @TempDir
    Path dir;

    public record Run(int code, String out, String err) {
    }

    public static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TsdbTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** An OpenMetrics document over 5 hours, and the samples it holds. */
    public static String document(Map<Labels, List<S>> want) {
        StringBuilder om = new StringBuilder("# TYPE jobs_total counter\n# HELP jobs_total Jobs.\n");
        long base = 1_700_000_000_000L / H * H + 1234;
        for (String kind : new String[] {"a", "b\"q"}) {
            Labels l = Labels.of("__name__", "jobs_total", "kind", kind);
            for (long t = base; t < base + 5 * H; t += 60_000) {
                double v = (t - base) / 60_000.0;
                om.append("jobs_total{kind=\"").append(kind.replace("\"", "\\\"")).append("\"} ").append(v).append(' ')
                        .append(t / 1000).append('.').append(String.format("%03d", t % 1000)).append('\n');
                want.computeIfAbsent(l, k -> new ArrayList<>()).add(S.of(t, v));
            }
        }
        om.append("# EOF\n");
        return om.toString();
    }

    @Test
    void createBlocksFromOpenMetricsThenAnalyzeAndList() throws Exception {
        Map<Labels, List<S>> want = new TreeMap<>();
        Path in = dir.resolve("in.om");
        Files.writeString(in, document(want));
        Path data = dir.resolve("data");
        Run r = run("create-blocks-from", "openmetrics", in.toString(), data.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Wrote 3 blocks with 600 samples of 2 series"), r.out());
        try (Db db = Db.open(TsdbOptions.defaults(data))) {
            assertEquals(3, db.blocks().size());
            assertEquals(want, TestUtil.query(db, Long.MIN_VALUE, Long.MAX_VALUE, TestUtil.all()));
        }
        Run a = run("analyze", data.toString());
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("Total Series: 2"), a.out());
        assertTrue(a.out().contains("2 __name__=jobs_total"), a.out());
        Run l = run("list", data.toString());
        assertEquals(0, l.code(), l.err());
        assertEquals(4, l.out().lines().count(), l.out());
    }

    @Test
    void errorsAreClear() throws Exception {
        Path in = dir.resolve("nots.om");
        Files.writeString(in, "up 1\n# EOF\n");
        Run r = run("create-blocks-from", "openmetrics", in.toString(), dir.resolve("o").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("expected timestamp for series {__name__=\"up\"}"), r.err());
        Files.writeString(in, "up 1 10\nup 2 5\n# EOF\n");
        r = run("create-blocks-from", "openmetrics", in.toString(), dir.resolve("o2").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("out of order"), r.err());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("create-blocks-from", "json", "x").code());
        Files.writeString(in, "up 1 10\n");
        r = run("create-blocks-from", "openmetrics", in.toString(), dir.resolve("o3").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("parse error"), r.err());
    }
}
