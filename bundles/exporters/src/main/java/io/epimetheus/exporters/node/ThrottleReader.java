package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code node_cpu_core_throttles_total{package,core}} and {@code
 * node_cpu_package_throttles_total{package}} from {@code /sys/devices/system/cpu/cpuN/thermal_throttle}.
 * Absent on most virtual machines: then one existence check per scrape is all it costs.
 */
final class ThrottleReader {

    private final ProcFs fs;
    private String[] cpuDirs;
    private final Map<String, Labels> packageLabels = new LinkedHashMap<>();
    private final Map<String, Labels> coreLabels = new LinkedHashMap<>();
    private final Map<String, Long> packageCounts = new LinkedHashMap<>();
    private final Map<String, Long> coreCounts = new LinkedHashMap<>();

    ThrottleReader(ProcFs fs) {
        this.fs = fs;
    }

    void update(MetricSink sink, String cpuDir) throws IOException {
        if (cpuDirs == null) {
            String[] names = ProcFs.numberedChildren(cpuDir, "cpu");
            cpuDirs = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                cpuDirs[i] = cpuDir + "/" + names[i];
            }
        }
        if (cpuDirs.length == 0 || !ProcFs.exists(cpuDirs[0] + "/thermal_throttle")) {
            return;
        }
        packageCounts.clear();
        coreCounts.clear();
        for (String dir : cpuDirs) {
            String pkg = readToken(dir + "/topology/physical_package_id");
            String core = readToken(dir + "/topology/core_id");
            if (pkg == null || core == null) {
                continue;
            }
            String coreKey = pkg + "/" + core;
            if (!coreCounts.containsKey(coreKey)) {
                String v = readToken(dir + "/thermal_throttle/core_throttle_count");
                if (v != null) {
                    coreCounts.put(coreKey, Long.parseLong(v));
                    coreLabels.computeIfAbsent(coreKey, k -> Labels.of("package", pkg, "core", core));
                }
            }
            if (!packageCounts.containsKey(pkg)) {
                String v = readToken(dir + "/thermal_throttle/package_throttle_count");
                if (v != null) {
                    packageCounts.put(pkg, Long.parseLong(v));
                    packageLabels.computeIfAbsent(pkg, k -> Labels.of("package", pkg));
                }
            }
        }
        if (!packageCounts.isEmpty()) {
            sink.family("node_cpu_package_throttles", MetricType.COUNTER,
                    "Number of times this CPU package has been throttled.", "");
            for (Map.Entry<String, Long> e : packageCounts.entrySet()) {
                sink.sample("node_cpu_package_throttles_total", packageLabels.get(e.getKey()), e.getValue());
            }
        }
        if (!coreCounts.isEmpty()) {
            sink.family("node_cpu_core_throttles", MetricType.COUNTER,
                    "Number of times this CPU core has been throttled.", "");
            for (Map.Entry<String, Long> e : coreCounts.entrySet()) {
                sink.sample("node_cpu_core_throttles_total", coreLabels.get(e.getKey()), e.getValue());
            }
        }
    }

    private String readToken(String path) throws IOException {
        if (!ProcFs.exists(path)) {
            return null;
        }
        ByteCursor c = fs.read(path);
        return c.token() ? c.text() : null;
    }
}
