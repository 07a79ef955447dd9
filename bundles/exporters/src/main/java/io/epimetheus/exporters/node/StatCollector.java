package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;

/**
 * The system-wide counters of /proc/stat: interrupts, context switches, forks, boot time, running
 * and blocked processes, and (with {@code collector.stat.softirq}) softirqs per vector.
 */
final class StatCollector implements NodeSubcollector {

    private static final String[] SOFTIRQ_VECTORS = {
        "hi", "timer", "net_tx", "net_rx", "block", "block_iopoll", "tasklet", "sched", "hrtimer", "rcu"
    };

    private final ProcFs fs;
    private final String path;
    private final boolean softirq;
    private final Labels[] vectorLabels = new Labels[SOFTIRQ_VECTORS.length];
    private final long[] softirqs = new long[SOFTIRQ_VECTORS.length];

    StatCollector(ProcFs fs, boolean softirq) {
        this.fs = fs;
        this.path = fs.proc("stat");
        this.softirq = softirq;
        for (int i = 0; i < SOFTIRQ_VECTORS.length; i++) {
            vectorLabels[i] = Labels.of("vector", SOFTIRQ_VECTORS[i]);
        }
    }

    @Override
    public String name() {
        return "stat";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        ByteCursor c = fs.read(path);
        long intr = 0;
        long ctxt = 0;
        long btime = 0;
        long processes = 0;
        long running = 0;
        long blocked = 0;
        while (!c.atEnd()) {
            if (c.token()) {
                if (c.is("intr")) {
                    intr = c.nextLong();
                } else if (c.is("ctxt")) {
                    ctxt = c.nextLong();
                } else if (c.is("btime")) {
                    btime = c.nextLong();
                } else if (c.is("processes")) {
                    processes = c.nextLong();
                } else if (c.is("procs_running")) {
                    running = c.nextLong();
                } else if (c.is("procs_blocked")) {
                    blocked = c.nextLong();
                } else if (c.is("softirq")) {
                    c.nextLong();
                    for (int i = 0; i < softirqs.length && c.token(); i++) {
                        softirqs[i] = c.longValue();
                    }
                }
            }
            c.nextLine();
        }
        counter(sink, "node_intr", "node_intr_total", "Total number of interrupts serviced.", intr);
        counter(sink, "node_context_switches", "node_context_switches_total", "Total number of context switches.", ctxt);
        counter(sink, "node_forks", "node_forks_total", "Total number of forks.", processes);
        gauge(sink, "node_boot_time_seconds", "Node boot time, in unixtime.", "seconds", btime);
        gauge(sink, "node_procs_running", "Number of processes in runnable state.", "", running);
        gauge(sink, "node_procs_blocked", "Number of processes blocked waiting for I/O to complete.", "", blocked);
        if (softirq) {
            sink.family("node_softirqs", MetricType.COUNTER, "Number of softirq calls.", "");
            for (int i = 0; i < softirqs.length; i++) {
                sink.sample("node_softirqs_total", vectorLabels[i], softirqs[i]);
            }
        }
    }

    private static void counter(MetricSink sink, String family, String sample, String help, long value) {
        sink.family(family, MetricType.COUNTER, help, "");
        sink.sample(sample, Labels.EMPTY, value);
    }

    private static void gauge(MetricSink sink, String name, String help, String unit, long value) {
        sink.family(name, MetricType.GAUGE, help, unit);
        sink.sample(name, Labels.EMPTY, value);
    }
}
