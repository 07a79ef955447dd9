package io.epimetheus.tsdb.bench;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.TsdbOptions;
import io.epimetheus.tsdb.tool.TsdbTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Side-by-side measurements against Debian's Prometheus on the same machine and data (not a
 * test; run by hand, see the commands in the tsdb report):
 *
 * <pre>
 * blocks  &lt;work dir&gt; &lt;series&gt; [regular]   bytes per sample of blocks backfilled from one
 *                                  OpenMetrics file by our tool and by promtool (noisy values, or
 *                                  regular ones: slow counters and steady gauges)
 * walgen  &lt;data dir&gt; &lt;series&gt; &lt;samples per series&gt;   writes a head + WAL with our database
 * replay  &lt;data dir&gt;             opens it, printing replay time, heap and RSS growth per series
 * prometheus &lt;data dir&gt;         starts Debian's prometheus on a copy, printing its replay time and
 *                                  RSS growth (over an empty start) per series, then stops it
 * </pre>
 */
public final class PrometheusComparison {

    private PrometheusComparison() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "blocks" -> blocks(Path.of(args[1]), Integer.parseInt(args[2]), args.length > 3 && args[3].equals("regular"));
            case "walgen" -> walgen(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "replay" -> replay(Path.of(args[1]));
            case "prometheus" -> prometheus(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static Labels series(int i) {
        return Labels.of("__name__", i % 3 == 0 ? "node_cpu_seconds_total" : i % 3 == 1 ? "node_memory_free_bytes"
                : "http_request_duration_seconds_count", "instance", "host-" + (i / 100) + ".example.org:9100",
                "job", "node", "cpu", Integer.toString(i % 100), "mode", i % 2 == 0 ? "user" : "system");
    }

    /** Node-exporter-like values: counters that grow unevenly, gauges that wander with few digits. */
    static double value(int i, long step, Random r, double prev) {
        return switch (i % 3) {
            case 0 -> prev + Math.round(r.nextDouble() * 1500) / 100.0;
            case 1 -> 8e9 + Math.round(r.nextGaussian() * 1e6) * 4096;
            default -> prev + r.nextInt(20);
        };
    }

    /** Values as idle hosts produce them: counters that rarely move, gauges that mostly stay. */
    static double regularValue(int i, Random r, double prev) {
        return switch (i % 3) {
            case 0 -> prev + (r.nextInt(4) == 0 ? 1 : 0);
            case 1 -> r.nextInt(20) == 0 ? 8e9 + r.nextInt(100) * 4096 : (prev == 0 ? 8e9 : prev);
            default -> prev + 1;
        };
    }

    static void blocks(Path work, int n, boolean regular) throws Exception {
        Files.createDirectories(work);
        Path om = work.resolve("data.om");
        long base = 1_700_000_000_000L / 7_200_000 * 7_200_000;
        Random r = new Random(42);
        long samples = 0;
        try (Writer w = Files.newBufferedWriter(om, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                Labels l = series(i);
                double v = 0;
                StringBuilder sb = new StringBuilder();
                sb.append(l.metricName()).append('{');
                for (int k = 0; k < l.size(); k++) {
                    if (!l.name(k).equals("__name__")) {
                        sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ",").append(l.name(k)).append("=\"")
                                .append(l.value(k)).append('"');
                    }
                }
                sb.append("} ");
                String prefix = sb.toString();
                for (long t = base; t < base + 6 * 7_200_000L; t += 15_000) {
                    v = regular ? regularValue(i, r, v) : value(i, t, r, v);
                    // real scrapes jitter by a few milliseconds
                    long ts = regular ? t : t + r.nextInt(3);
                    w.write(prefix + v + " " + (ts / 1000) + "." + String.format("%03d", ts % 1000) + "\n");
                    samples++;
                }
            }
            w.write("# EOF\n");
        }
        Path ours = work.resolve("ours");
        Path theirs = work.resolve("theirs");
        FileUtil.deleteRecursively(ours);
        FileUtil.deleteRecursively(theirs);
        long t0 = System.nanoTime();
        if (TsdbTool.run(new String[] {"create-blocks-from", "openmetrics", om.toString(), ours.toString()},
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), System.err) != 0) {
            throw new IllegalStateException("our backfill failed");
        }
        long oursMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        run(List.of("promtool", "tsdb", "create-blocks-from", "openmetrics", om.toString(), theirs.toString()));
        long theirsMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%d series, %d samples%n", n, samples);
        report("epimetheus", ours, samples, oursMs);
        report("promtool  ", theirs, samples, theirsMs);
    }

    private static void report(String who, Path dir, long samples, long ms) throws IOException {
        long chunks = 0;
        long total = FileUtil.sizeOf(dir);
        try (var ds = Files.newDirectoryStream(dir)) {
            for (Path b : ds) {
                chunks += FileUtil.sizeOf(b.resolve("chunks"));
            }
        }
        System.out.printf("%s: chunks %d bytes = %.3f B/sample; whole blocks %d bytes = %.3f B/sample; backfill %d ms%n",
                who, chunks, (double) chunks / samples, total, (double) total / samples, ms);
    }

    static void walgen(Path dir, int n, int perSeries) throws IOException {
        FileUtil.deleteRecursively(dir);
        long t0 = System.nanoTime();
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            long[] refs = new long[n];
            Random r = new Random(1);
            double[] vals = new double[n];
            long base = System.currentTimeMillis() / 1000 * 1000 - perSeries * 15_000L;
            for (int k = 0; k < perSeries; k++) {
                Appender app = db.appender();
                for (int i = 0; i < n; i++) {
                    vals[i] = value(i, k, r, vals[i]);
                    refs[i] = app.append(refs[i], series(i), base + k * 15_000L, vals[i]);
                    if ((i & 8191) == 8191) {
                        app.commit();
                        app = db.appender();
                    }
                }
                app.commit();
            }
        }
        System.out.printf("wrote %d series x %d samples in %d ms; WAL %d bytes%n", n, perSeries,
                (System.nanoTime() - t0) / 1_000_000, FileUtil.sizeOf(dir.resolve("wal")));
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static void replay(Path dir) throws IOException {
        long heap0 = heapUsed();
        long rss0 = rssKb();
        long t0 = System.nanoTime();
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long heap = heapUsed() - heap0;
            long rss = rssKb() - rss0;
            int n = db.head().numSeries();
            System.out.printf("epimetheus: replayed %d series, %d samples in %d ms; heap +%d bytes = %.0f B/series;"
                    + " RSS +%d KiB = %.0f B/series%n", n, db.replayStatus().samples(), ms, heap, (double) heap / n,
                    rss, rss * 1024.0 / n);
        }
    }

    static void prometheus(Path dir) throws Exception {
        Path work = Files.createTempDirectory("prom-compare");
        Path cfg = work.resolve("prometheus.yml");
        Files.writeString(cfg, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
        Path empty = work.resolve("empty");
        Path copy = work.resolve("copy");
        copyTree(dir, copy);
        Files.deleteIfExists(copy.resolve("lock"));
        try {
            long[] base = startPrometheus(cfg, empty);
            long[] loaded = startPrometheus(cfg, copy);
            long n = seriesIn(dir);
            System.out.printf("prometheus: replay %d ms (its log: %s); RSS empty %d KiB, loaded %d KiB: +%.0f B/series%n",
                    loaded[1], replayLine, base[0], loaded[0], (loaded[0] - base[0]) * 1024.0 / n);
        } finally {
            FileUtil.deleteRecursively(work);
        }
    }

    private static String replayLine = "";

    private static long seriesIn(Path dir) throws IOException {
        try (Db db = Db.open(TsdbOptions.defaults(dir))) {
            return db.head().numSeries();
        }
    }

    /** Starts prometheus on a free loopback port; returns {RSS KiB when ready, replay ms}; stops it. */
    private static long[] startPrometheus(Path cfg, Path data) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("prometheus", "--config.file=" + cfg, "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).start();
        long replayMs = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("WAL replay completed")) {
                    replayLine = line.replaceAll(".*(total_replay_duration=\\S+).*", "$1");
                }
                if (line.contains("Server is ready to receive web requests")) {
                    replayMs = (System.nanoTime() - t0) / 1_000_000;
                    Thread.sleep(2000);
                    long rss = rssKb(p.pid());
                    return new long[] {rss, replayMs};
                }
            }
            throw new IllegalStateException("prometheus exited with " + p.waitFor());
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> all = new ArrayList<>();
        try (var s = Files.walk(from)) {
            s.forEach(all::add);
        }
        for (Path p : all) {
            Path t = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(t);
            } else {
                Files.copy(p, t);
            }
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + " failed");
        }
    }
}
