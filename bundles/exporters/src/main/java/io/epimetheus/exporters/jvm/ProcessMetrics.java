package io.epimetheus.exporters.jvm;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The Prometheus Java client's {@code process_*} metrics. CPU time and file descriptors come from
 * the HotSpot attributes of {@code java.lang:type=OperatingSystem} read through JMX (no compile-time
 * dependency on {@code com.sun.management}); memory sizes from {@code /proc/self/status} where it
 * exists. A metric whose source is absent on this platform is left out, as the client does.
 */
final class ProcessMetrics {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName os;
    private final double startTimeSeconds = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
    private final Path status = Path.of("/proc/self/status");

    ProcessMetrics() {
        try {
            os = new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    void collect(MetricSink sink) {
        Number cpuNanos = attribute("ProcessCpuTime");
        if (cpuNanos != null && cpuNanos.longValue() >= 0) {
            sink.family("process_cpu_seconds", MetricType.COUNTER, "Total user and system CPU time spent in seconds.", "seconds");
            sink.sample("process_cpu_seconds_total", Labels.EMPTY, cpuNanos.longValue() / 1e9);
        }
        Number maxFds = attribute("MaxFileDescriptorCount");
        if (maxFds != null) {
            gauge(sink, "process_max_fds", "Maximum number of open file descriptors.", "", maxFds.doubleValue());
        }
        Number openFds = attribute("OpenFileDescriptorCount");
        if (openFds != null) {
            gauge(sink, "process_open_fds", "Number of open file descriptors.", "", openFds.doubleValue());
        }
        long[] memory = statusMemory();
        if (memory != null) {
            gauge(sink, "process_resident_memory_bytes", "Resident memory size in bytes.", "bytes", memory[1]);
        }
        gauge(sink, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "seconds",
                startTimeSeconds);
        if (memory != null) {
            gauge(sink, "process_virtual_memory_bytes", "Virtual memory size in bytes.", "bytes", memory[0]);
        }
    }

    private Number attribute(String name) {
        try {
            Object v = server.getAttribute(os, name);
            return v instanceof Number ? (Number) v : null;
        } catch (JMException | RuntimeException e) {
            return null;
        }
    }

    /** {VmSize, VmRSS} in bytes from /proc/self/status, or null off Linux. */
    private long[] statusMemory() {
        if (!Files.isReadable(status)) {
            return null;
        }
        try {
            long[] out = {-1, -1};
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmSize:")) {
                    out[0] = kilobytes(line);
                } else if (line.startsWith("VmRSS:")) {
                    out[1] = kilobytes(line);
                }
            }
            return out[0] < 0 || out[1] < 0 ? null : out;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static long kilobytes(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }

    private static void gauge(MetricSink sink, String name, String help, String unit, double value) {
        sink.family(name, MetricType.GAUGE, help, unit);
        sink.sample(name, Labels.EMPTY, value);
    }
}
