package io.epimetheus.exporters.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.ExpositionLines;
import io.epimetheus.exporters.RecordingSink;
import io.epimetheus.exporters.TestConfigs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node collector against node_exporter's own procfs fixtures (copied from its repository into
 * {@code src/test/resources/node}): every sample node_exporter's end-to-end output has for the
 * covered families must come out the same, with the same help and type.
 */
class NodeCollectorFixtureTest {

    static Path fixtures() throws URISyntaxException {
        return Path.of(NodeCollectorFixtureTest.class.getResource("/node/proc/stat").toURI()).getParent().getParent();
    }

    static Map<String, Object> fixtureConfig() throws URISyntaxException {
        Path root = fixtures();
        Map<String, Object> props = new HashMap<>();
        props.put("path.procfs", root.resolve("proc").toString());
        props.put("path.sysfs", root.resolve("sys").toString());
        props.put("path.rootfs", root.resolve("rootfs").toString());
        props.put("path.udev.data", root.resolve("no-udev").toString());
        props.put("collector.stat.softirq", true);
        return props;
    }

    static RecordingSink scrape(Map<String, Object> props) {
        NodeCollector collector = new NodeCollector(TestConfigs.of(NodeConfig.class, props));
        RecordingSink sink = new RecordingSink();
        collector.collect(sink);
        return sink;
    }

    @Test
    void matchesNodeExporterEndToEndOutputOnItsFixtures() throws Exception {
        String expectedText = Files.readString(fixtures().resolve("e2e-expected.txt"), StandardCharsets.UTF_8);
        Map<String, Double> expected = ExpositionLines.samples(expectedText);
        RecordingSink sink = scrape(fixtureConfig());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            Double ours = sink.samples().get(e.getKey());
            if (ours == null) {
                problems.add("missing " + e.getKey());
            } else if (Double.compare(ours, e.getValue()) != 0) {
                problems.add(e.getKey() + ": expected " + e.getValue() + " got " + ours);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        Map<String, String> help = ExpositionLines.help(expectedText);
        Map<String, String> types = ExpositionLines.types(expectedText);
        for (Map.Entry<String, String> e : types.entrySet()) {
            RecordingSink.Family f = familyOf(sink, e.getKey());
            String type = f.type() == MetricType.UNKNOWN ? "untyped" : f.type().text();
            assertEquals(e.getValue(), type, "type of " + e.getKey());
            assertEquals(help.get(e.getKey()), f.help(), "help of " + e.getKey());
        }
    }

    @Test
    void familiesThatNodeExporterFixesHaveNoExtraSeries() throws Exception {
        Map<String, Double> expected = ExpositionLines.samples(
                Files.readString(fixtures().resolve("e2e-expected.txt"), StandardCharsets.UTF_8));
        RecordingSink sink = scrape(fixtureConfig());
        for (String key : sink.samples().keySet()) {
            String name = key.substring(0, key.indexOf('{'));
            boolean covered = name.startsWith("node_cpu_seconds") || name.startsWith("node_disk_read")
                    || name.startsWith("node_netstat_") || name.startsWith("node_vmstat_") || name.startsWith("node_softirqs");
            if (covered) {
                assertTrue(expected.containsKey(key), "extra series " + key);
            }
        }
    }

    @Test
    void everyCollectorSucceedsOnTheFixturesAndReportsItsDuration() throws Exception {
        RecordingSink sink = scrape(fixtureConfig());
        for (String c : List.of("cpu", "diskstats", "filefd", "filesystem", "loadavg", "meminfo", "netdev", "netstat",
                "os", "pressure", "stat", "time", "uname", "vmstat")) {
            assertEquals(1.0, sink.value("node_scrape_collector_success", "collector", c), c);
            assertTrue(sink.value("node_scrape_collector_duration_seconds", "collector", c) >= 0, c);
        }
    }

    @Test
    void loadavgNetdevTimeAndOsRelease() throws Exception {
        RecordingSink sink = scrape(fixtureConfig());
        assertEquals(0.21, sink.value("node_load1"));
        assertEquals(0.37, sink.value("node_load5"));
        assertEquals(0.39, sink.value("node_load15"));
        assertEquals(214260899.0, sink.value("node_network_receive_bytes_total", "device", "eth0"));
        assertEquals(7603.0, sink.value("node_network_transmit_packets_total", "device", "eth0"));
        assertEquals(291032058.0, sink.value("node_network_receive_bytes_total", "device", "lo"));
        assertEquals(7.0, sink.value("node_network_receive_nohandler_total", "device", "eth0"));
        assertFalse(sink.has("node_network_receive_nohandler_total", "device", "lo"));
        assertEquals(1.0, sink.value("node_time_clocksource_available_info", "clocksource", "hpet", "device", "0"));
        assertEquals(1.0, sink.value("node_time_clocksource_current_info", "clocksource", "tsc", "device", "0"));
        assertEquals(1.0, sink.value("node_os_info", "id", "ubuntu", "id_like", "debian", "name", "Ubuntu",
                "pretty_name", "Ubuntu 20.04.2 LTS", "version", "20.04.2 LTS (Focal Fossa)", "version_codename", "focal",
                "version_id", "20.04"));
        assertEquals(20.04, sink.value("node_os_version", "id", "ubuntu", "id_like", "debian", "name", "Ubuntu"));
        assertEquals(1024.0, sink.value("node_filefd_allocated"));
        assertEquals(1631329.0, sink.value("node_filefd_maximum"));
        assertEquals(1.0, sink.value("node_uname_info", "sysname", "Linux", "release", "5.15.0-fixture",
                "version", "#1 SMP PREEMPT_DYNAMIC Mon Jan 1 00:00:00 UTC 2024", "nodename", "fixture-host",
                "domainname", "(none)", "machine", UnameCollector.machine(System.getProperty("os.arch"))));
    }

    @Test
    void filesystemAppliesTheDefaultExcludesAndReportsStatErrors() throws Exception {
        RecordingSink sink = scrape(fixtureConfig());
        // Mount points of the fixture table do not exist under the fixture rootfs: statvfs fails.
        assertEquals(1.0, sink.value("node_filesystem_device_error", "device", "/dev/sdb1", "fstype", "ext4",
                "mountpoint", "/mnt/backup"));
        assertEquals(1.0, sink.value("node_filesystem_device_error", "device", "/dev/sdc1", "fstype", "ext4",
                "mountpoint", "/srv/with space"));
        assertTrue(sink.has("node_filesystem_device_error", "device", "tmpfs", "fstype", "tmpfs", "mountpoint", "/run/user/1000"));
        for (String key : sink.samples().keySet()) {
            if (key.startsWith("node_filesystem_")) {
                assertFalse(key.contains("mountpoint=\"/proc\"") || key.contains("cgroup2")
                        || key.contains("/var/lib/docker/"), "excluded mount reported: " + key);
            }
        }
    }

    @Test
    void filesystemStatsARealMount(@TempDir Path dir) throws Exception {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("1"));
        Files.writeString(proc.resolve("1/mounts"), "/dev/test " + dir.toAbsolutePath() + " ext4 ro,relatime 0 0\n");
        Map<String, Object> props = onlyCollector("filesystem");
        props.put("path.procfs", proc.toString());
        props.put("path.rootfs", "/");
        RecordingSink sink = scrape(props);
        String mp = dir.toAbsolutePath().toString();
        assertEquals(0.0, sink.value("node_filesystem_device_error", "device", "/dev/test", "fstype", "ext4", "mountpoint", mp));
        assertEquals(1.0, sink.value("node_filesystem_readonly", "device", "/dev/test", "fstype", "ext4", "mountpoint", mp));
        double size = sink.value("node_filesystem_size_bytes", "device", "/dev/test", "fstype", "ext4", "mountpoint", mp);
        double avail = sink.value("node_filesystem_avail_bytes", "device", "/dev/test", "fstype", "ext4", "mountpoint", mp);
        assertTrue(size > 0 && avail <= size, size + " " + avail);
        assertEquals((double) Files.getFileStore(dir).getTotalSpace(), size);
        assertTrue(sink.value("node_filesystem_files", "device", "/dev/test", "fstype", "ext4", "mountpoint", mp) >= 0);
    }

    @Test
    void aFailingCollectorDoesNotBreakTheOthers(@TempDir Path dir) throws Exception {
        Map<String, Object> props = fixtureConfig();
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc);
        Files.writeString(proc.resolve("loadavg"), "garbage\n");
        Files.copy(fixtures().resolve("proc/meminfo"), proc.resolve("meminfo"));
        props.put("path.procfs", proc.toString());
        RecordingSink sink = scrape(props);
        assertEquals(0.0, sink.value("node_scrape_collector_success", "collector", "loadavg"));
        assertEquals(0.0, sink.value("node_scrape_collector_success", "collector", "cpu"));
        assertEquals(0.0, sink.value("node_scrape_collector_success", "collector", "pressure"));
        assertEquals(1.0, sink.value("node_scrape_collector_success", "collector", "meminfo"));
        assertTrue(sink.value("node_memory_MemTotal_bytes") > 0);
    }

    @Test
    void collectorsCanBeTurnedOff() throws Exception {
        Map<String, Object> props = fixtureConfig();
        props.put("collector.cpu", false);
        props.put("collector.meminfo", false);
        RecordingSink sink = scrape(props);
        assertFalse(sink.has("node_scrape_collector_success", "collector", "cpu"));
        assertFalse(sink.sampleNames().contains("node_cpu_seconds_total"));
        assertFalse(sink.sampleNames().contains("node_memory_MemTotal_bytes"));
        assertTrue(sink.sampleNames().contains("node_load1"));
    }

    @Test
    void netdevDeviceFilters() throws Exception {
        Map<String, Object> props = onlyCollector("netdev");
        props.put("collector.netdev.device-exclude", "^lo$");
        RecordingSink sink = scrape(props);
        assertFalse(sink.has("node_network_receive_bytes_total", "device", "lo"));
        assertTrue(sink.has("node_network_receive_bytes_total", "device", "eth0"));

        props = onlyCollector("netdev");
        props.put("collector.netdev.device-include", "^ifb");
        sink = scrape(props);
        assertTrue(sink.has("node_network_receive_bytes_total", "device", "ifb0"));
        assertFalse(sink.has("node_network_receive_bytes_total", "device", "eth0"));
    }

    @Test
    void repeatedScrapesGiveTheSameResult() throws Exception {
        NodeCollector collector = new NodeCollector(TestConfigs.of(NodeConfig.class, fixtureConfig()));
        RecordingSink first = new RecordingSink();
        collector.collect(first);
        RecordingSink second = new RecordingSink();
        collector.collect(second);
        Map<String, Double> a = new HashMap<>(first.samples());
        Map<String, Double> b = new HashMap<>(second.samples());
        // The fixture mount table has "/", which is this machine's live root filesystem.
        a.keySet().removeIf(k -> k.startsWith("node_scrape_collector_duration") || k.startsWith("node_time_seconds")
                || k.startsWith("node_filesystem_"));
        b.keySet().removeIf(k -> k.startsWith("node_scrape_collector_duration") || k.startsWith("node_time_seconds")
                || k.startsWith("node_filesystem_"));
        assertEquals(a, b);
    }

    @Test
    void deactivationStopsTheStatWorkers() throws Exception {
        java.util.Set<Thread> before = statWorkers();
        NodeCollector collector = new NodeCollector(TestConfigs.of(NodeConfig.class, onlyCollector("filesystem")));
        collector.collect(new RecordingSink());
        java.util.Set<Thread> started = statWorkers();
        started.removeAll(before);
        assertFalse(started.isEmpty(), "the filesystem collector stats on worker threads");
        collector.deactivate();
        for (Thread t : started) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " still running after deactivation");
        }
    }

    private static java.util.Set<Thread> statWorkers() {
        java.util.Set<Thread> out = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("epimetheus-node-statfs-") && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    static Map<String, Object> onlyCollector(String name) throws URISyntaxException {
        Map<String, Object> props = fixtureConfig();
        for (String c : List.of("cpu", "diskstats", "filefd", "filesystem", "loadavg", "meminfo", "netdev", "netstat",
                "os", "pressure", "stat", "time", "uname", "vmstat")) {
            props.put("collector." + c, c.equals(name));
        }
        return props;
    }

    private static RecordingSink.Family familyOf(RecordingSink sink, String metric) {
        RecordingSink.Family f = sink.family(metric);
        if (f == null && metric.endsWith("_total")) {
            f = sink.family(metric.substring(0, metric.length() - "_total".length()));
        }
        if (f == null) {
            throw new AssertionError("no family for " + metric);
        }
        return f;
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
