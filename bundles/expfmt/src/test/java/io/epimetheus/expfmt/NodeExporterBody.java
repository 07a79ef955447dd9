package io.epimetheus.expfmt;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * A node_exporter-like exposition for tests and benchmarks: CPU, filesystem, network, disk and
 * memory families with node_exporter's names and label shapes, Go runtime metrics, a histogram
 * and a summary. {@code cpus} scales it: 160 CPUs give 3,231 series in 237 KB of text. In
 * {@link ExpositionFormat#PROTOBUF} the same metrics come as client_golang would encode them.
 */
public final class NodeExporterBody {

    private NodeExporterBody() {
    }

    public static byte[] build(ExpositionFormat format, int cpus) {
        if (format == ExpositionFormat.PROTOBUF) {
            ProtoSink sink = new ProtoSink();
            write(sink, cpus);
            return sink.toByteArray();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionWriter w = format.newWriter().reset(out);
        write(w, cpus);
        try {
            w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(MetricSink w, int cpus) {
        SplittableRandom rnd = new SplittableRandom(42);

        w.family("node_cpu_seconds", MetricType.COUNTER, "Seconds the CPUs spent in each mode.", "seconds");
        for (int c = 0; c < cpus; c++) {
            for (String mode : new String[] {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"}) {
                w.sample("node_cpu_seconds_total", Labels.of("cpu", Integer.toString(c), "mode", mode),
                        Math.round(rnd.nextDouble() * 1e8) / 100.0);
            }
        }
        w.family("node_cpu_scaling_frequency_hertz", MetricType.GAUGE, "Current scaled CPU thread frequency in hertz.", "");
        for (int c = 0; c < cpus; c++) {
            w.sample("node_cpu_scaling_frequency_hertz", Labels.of("cpu", Integer.toString(c)), 8e8 + rnd.nextInt(30) * 1e8);
        }
        String[] fsMetrics = {"avail_bytes", "files", "files_free", "free_bytes", "readonly", "size_bytes", "device_error"};
        for (String m : fsMetrics) {
            w.family("node_filesystem_" + m, MetricType.GAUGE, "Filesystem " + m.replace('_', ' ') + ".", "");
            for (int d = 0; d < cpus / 2 + 4; d++) {
                w.sample("node_filesystem_" + m, Labels.of("device", "/dev/nvme0n1p" + d, "fstype", d % 3 == 0 ? "ext4" : "xfs",
                        "mountpoint", "/srv/volume-" + d), (double) rnd.nextLong(1L << 40));
            }
        }
        String[] netMetrics = {"receive_bytes", "receive_packets", "receive_errs", "receive_drop", "transmit_bytes",
            "transmit_packets", "transmit_errs", "transmit_drop", "receive_multicast", "transmit_colls"};
        for (String m : netMetrics) {
            w.family("node_network_" + m, MetricType.COUNTER, "Network device statistic " + m + ".", "");
            for (int d = 0; d < cpus / 2 + 2; d++) {
                w.sample("node_network_" + m + "_total", Labels.of("device", d == 0 ? "lo" : "veth" + Integer.toHexString(d * 7919)),
                        (double) rnd.nextLong(1L << 44));
            }
        }
        String[] diskMetrics = {"io_time_seconds", "read_bytes", "read_time_seconds", "reads_completed", "writes_completed",
            "written_bytes", "write_time_seconds", "io_time_weighted_seconds"};
        for (String m : diskMetrics) {
            w.family("node_disk_" + m, MetricType.COUNTER, "Disk statistic " + m + ".", "");
            for (int d = 0; d < cpus / 4 + 2; d++) {
                w.sample("node_disk_" + m + "_total", Labels.of("device", "nvme" + d + "n1"), rnd.nextDouble() * 1e6);
            }
        }
        String[] memory = {"Active", "Buffers", "Cached", "Dirty", "MemAvailable", "MemFree", "MemTotal", "Shmem", "Slab",
            "SwapFree", "SwapTotal", "Writeback", "Mapped", "PageTables", "Committed_AS", "VmallocUsed"};
        for (String m : memory) {
            w.family("node_memory_" + m + "_bytes", MetricType.GAUGE, "Memory information field " + m + "_bytes.", "");
            w.sample("node_memory_" + m + "_bytes", Labels.EMPTY, (double) (rnd.nextLong(1L << 36) & ~0xFFFL));
        }
        w.family("node_scrape_collector_duration_seconds", MetricType.GAUGE, "node_exporter: Duration of a collector scrape.", "");
        for (String c : new String[] {"cpu", "diskstats", "filesystem", "loadavg", "meminfo", "netdev", "stat", "time", "uname"}) {
            w.sample("node_scrape_collector_duration_seconds", Labels.of("collector", c), rnd.nextDouble() / 100);
        }
        w.family("go_gc_duration_seconds", MetricType.SUMMARY, "A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.", "");
        for (String q : new String[] {"0", "0.25", "0.5", "0.75", "1"}) {
            w.sample("go_gc_duration_seconds", Labels.of("quantile", q), rnd.nextDouble() / 1e4);
        }
        w.sample("go_gc_duration_seconds_sum", Labels.EMPTY, rnd.nextDouble());
        w.sample("go_gc_duration_seconds_count", Labels.EMPTY, 1234);
        w.family("promhttp_metric_handler_request_duration_seconds", MetricType.HISTOGRAM, "Histogram of scrape durations.", "");
        long count = 0;
        for (String le : new String[] {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"}) {
            count += rnd.nextInt(100);
            w.sample("promhttp_metric_handler_request_duration_seconds_bucket", Labels.of("le", le), count);
        }
        w.sample("promhttp_metric_handler_request_duration_seconds_sum", Labels.EMPTY, 12.5);
        w.sample("promhttp_metric_handler_request_duration_seconds_count", Labels.EMPTY, count);
        w.family("node_uname", MetricType.INFO, "Labeled system information as provided by the uname system call.", "");
        w.sample("node_uname_info", Labels.of("domainname", "(none)", "machine", "x86_64", "nodename", "host-1",
                "release", "6.1.0-13-amd64", "sysname", "Linux", "version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)"), 1);
    }
}
