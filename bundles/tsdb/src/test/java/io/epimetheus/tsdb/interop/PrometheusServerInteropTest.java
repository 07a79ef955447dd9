package io.epimetheus.tsdb.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TestUtil;
import io.epimetheus.tsdb.TestUtil.S;
import io.epimetheus.tsdb.TsdbOptions;
import io.epimetheus.tsdb.block.Ulid;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's prometheus scrapes itself into a data directory with tiny blocks; once it has cut a
 * block it is stopped, and we open the directory: its blocks, its WAL and its memory-mapped head
 * chunks. Every float series must match what promtool dumps from the same directory.
 */
class PrometheusServerInteropTest {

    @TempDir
    Path dir;

    private static Path prometheus() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(d, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if (Boolean.getBoolean("interop.required")) {
            throw new AssertionError("prometheus is not installed but interop.required=true (apt-get install prometheus)");
        }
        return null;
    }

    private static boolean hasBlock(Path data) throws java.io.IOException {
        if (!Files.isDirectory(data)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(data)) {
            for (Path p : ds) {
                if (Ulid.isValid(p.getFileName().toString()) && Files.exists(p.resolve("meta.json"))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void weReadWhatARunningPrometheusWrote() throws Exception {
        Path prom = prometheus();
        assumeTrue(prom != null, "prometheus not installed; skipping");
        Path promtool = Promtool.require();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("prometheus.yml");
        Files.writeString(cfg, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n");
        Path data = dir.resolve("data");
        Process p = new ProcessBuilder(prom.toString(), "--config.file=" + cfg, "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.min-block-duration=10s",
                "--storage.tsdb.max-block-duration=10s")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!hasBlock(data) && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(500);
            }
            assertTrue(hasBlock(data), "prometheus cut no block: " + Files.readString(dir.resolve("prometheus.log")));
            Thread.sleep(3000); // a few more scrapes into the WAL and head chunks
        } finally {
            p.destroy(); // SIGTERM: a clean shutdown
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        Map<Labels, List<S>> want = PromtoolInteropTest.parseDump(Promtool.run(promtool, "tsdb", "dump", data.toString()));
        assertTrue(want.size() > 100, "promtool dumped " + want.size() + " series");
        try (Db db = Db.open(TsdbOptions.defaults(data))) {
            assertTrue(!db.blocks().isEmpty(), "Prometheus's blocks were loaded");
            Map<Labels, List<S>> got = new TreeMap<>(TestUtil.query(db, Long.MIN_VALUE, Long.MAX_VALUE,
                    Matcher.regex("__name__", ".+")));
            got.values().removeIf(List::isEmpty);
            PromtoolInteropTest.assertSameData(want, got);
            assertTrue(got.keySet().stream().anyMatch(l -> "up".equals(l.metricName())));
            assertEquals(null, db.replayStatus().corruption());
        }
    }
}
