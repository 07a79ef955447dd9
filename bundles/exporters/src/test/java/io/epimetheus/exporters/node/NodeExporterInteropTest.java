package io.epimetheus.exporters.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.exporters.ExpositionLines;
import io.epimetheus.exporters.Interop;
import io.epimetheus.exporters.RecordingSink;
import io.epimetheus.exporters.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Our node collector and Debian's {@code prometheus-node-exporter} on the same machine, with the
 * same collectors and filters: the metric names and label sets node_exporter reports must be ours
 * too (at least 95% of the names), and counters must agree (ours taken between two of its scrapes).
 */
class NodeExporterInteropTest {

    private static final List<String> COLLECTORS = List.of("cpu", "diskstats", "filefd", "filesystem", "loadavg",
            "meminfo", "netdev", "netstat", "os", "pressure", "stat", "time", "uname", "vmstat");
    private static final String NETDEV_EXCLUDE = "^lo$";
    /** node_exporter 1.9's default; Debian's 1.5 does not exclude zram devices yet. */
    private static final String DISKS_EXCLUDE = "^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$";
    private static final String MOUNTS_EXCLUDE = "^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)";

    @Test
    void namesLabelSetsAndCountersMatchNodeExporter() throws Exception {
        Path exe = Interop.require("/usr/bin/prometheus-node-exporter", "prometheus-node-exporter");
        Process ne = null;
        String url = null;
        // A port free when chosen may be taken before node_exporter binds it (this machine is
        // shared): only our own process, still running after answering, counts.
        for (int attempt = 0; attempt < 3 && url == null; attempt++) {
            int port = Interop.freePort();
            List<String> cmd = new ArrayList<>(List.of(exe.toString(), "--web.listen-address=127.0.0.1:" + port,
                    "--collector.disable-defaults", "--collector.netdev.device-exclude=" + NETDEV_EXCLUDE,
                    "--collector.filesystem.mount-points-exclude=" + MOUNTS_EXCLUDE,
                    "--collector.diskstats.device-exclude=" + DISKS_EXCLUDE));
            for (String c : COLLECTORS) {
                cmd.add("--collector." + c);
            }
            ne = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String candidate = "http://127.0.0.1:" + port + "/metrics";
            try {
                Interop.awaitGet(candidate, Duration.ofSeconds(20));
                Thread.sleep(200);
                if (ne.isAlive()) {
                    url = candidate;
                    break;
                }
            } catch (java.io.IOException e) {
                // not up: try another port
            }
            Interop.stop(ne);
        }
        assertTrue(url != null, "node_exporter did not start");
        try {
            Map<String, Object> props = new HashMap<>();
            props.put("collector.netdev.device-exclude", NETDEV_EXCLUDE);
            props.put("collector.filesystem.mount-points-exclude", MOUNTS_EXCLUDE);
            props.put("collector.diskstats.device-exclude", DISKS_EXCLUDE);
            NodeCollector ours = new NodeCollector(TestConfigs.of(NodeConfig.class, props));

            String before = Interop.awaitGet(url, Duration.ofSeconds(20));
            RecordingSink sink = new RecordingSink();
            ours.collect(sink);
            String after = Interop.awaitGet(url, Duration.ofSeconds(5));

            Map<String, Double> theirs = relevant(ExpositionLines.samples(before));
            Map<String, Double> theirsAfter = relevant(ExpositionLines.samples(after));
            Map<String, String> types = ExpositionLines.types(before);

            Set<String> theirNames = names(theirs.keySet());
            Set<String> ourNames = names(sink.samples().keySet());
            Set<String> missingNames = new TreeSet<>(theirNames);
            missingNames.removeAll(ourNames);
            double nameCoverage = 100.0 * (theirNames.size() - missingNames.size()) / theirNames.size();

            Set<String> missingSeries = new TreeSet<>();
            List<String> counterProblems = new ArrayList<>();
            int counters = 0;
            for (Map.Entry<String, Double> e : theirs.entrySet()) {
                Double v = sink.samples().get(e.getKey());
                if (v == null) {
                    missingSeries.add(e.getKey());
                    continue;
                }
                String name = e.getKey().substring(0, e.getKey().indexOf('{'));
                Double later = theirsAfter.get(e.getKey());
                if ("counter".equals(types.get(name)) && later != null) {
                    counters++;
                    double lo = Math.min(e.getValue(), later);
                    double hi = Math.max(e.getValue(), later);
                    double slack = 0.01 * hi + 1;
                    if (v < lo - slack || v > hi + slack) {
                        counterProblems.add(e.getKey() + " ours " + v + " node_exporter " + e.getValue() + ".." + later);
                    }
                }
            }
            double seriesCoverage = 100.0 * (theirs.size() - missingSeries.size()) / theirs.size();
            System.out.printf("node exporter coverage vs %s: names %.1f%% (%d of %d), series %.1f%% (%d of %d), "
                            + "counters compared %d, off %d%n", exe, nameCoverage, theirNames.size() - missingNames.size(),
                    theirNames.size(), seriesCoverage, theirs.size() - missingSeries.size(), theirs.size(), counters,
                    counterProblems.size());
            if (!missingNames.isEmpty()) {
                System.out.println("names only node_exporter has: " + missingNames);
            }
            if (!missingSeries.isEmpty()) {
                System.out.println("series only node_exporter has: " + missingSeries);
            }
            assertTrue(nameCoverage >= 95.0, "name coverage " + nameCoverage + "% < 95%: missing " + missingNames);
            assertTrue(seriesCoverage >= 95.0, "label set coverage " + seriesCoverage + "% < 95%: missing " + missingSeries);
            assertTrue(counterProblems.isEmpty(), "counters disagree: " + counterProblems);
        } finally {
            Interop.stop(ne);
        }
    }

    /** node_exporter's series minus what is not about the host (its own build, Go runtime, scrape metadata). */
    private static Map<String, Double> relevant(Map<String, Double> samples) {
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("node_") && !k.startsWith("node_exporter_build_info") && !k.startsWith("node_scrape_collector_")) {
                out.put(k, e.getValue());
            }
        }
        return out;
    }

    private static Set<String> names(Set<String> keys) {
        Set<String> out = new TreeSet<>();
        for (String k : keys) {
            out.add(k.substring(0, k.indexOf('{')));
        }
        return out;
    }
}
