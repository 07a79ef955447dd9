package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@code node_cpu_seconds_total{cpu,mode}} and {@code node_cpu_guest_seconds_total} from the
 * {@code cpuN} lines of /proc/stat (in USER_HZ ticks, 100 per second as node_exporter assumes),
 * and the thermal throttle counters from sysfs.
 */
final class CpuCollector implements NodeSubcollector {

    /** The /proc/stat columns in order; the last two are the guest modes. */
    private static final String[] MODES = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};
    private static final String[] GUEST_MODES = {"user", "nice"};
    private static final double USER_HZ = 100.0;

    private final ProcFs fs;
    private final boolean guest;
    private final String statPath;
    private final String cpuDir;
    /** {@code values[cpu * 10 + column]} of the current scrape. */
    private long[] values = new long[16 * 10];
    private int cpus;
    private Labels[][] modeLabels = new Labels[0][];
    private Labels[][] guestLabels = new Labels[0][];
    private final ThrottleReader throttles;

    CpuCollector(ProcFs fs, boolean guest) {
        this.fs = fs;
        this.guest = guest;
        this.statPath = fs.proc("stat");
        this.cpuDir = fs.sys("devices/system/cpu");
        this.throttles = new ThrottleReader(fs);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        readStat();
        sink.family("node_cpu_seconds", MetricType.COUNTER, "Seconds the CPUs spent in each mode.", "seconds");
        for (int cpu = 0; cpu < cpus; cpu++) {
            Labels[] labels = labelsFor(cpu);
            for (int m = 0; m < MODES.length; m++) {
                sink.sample("node_cpu_seconds_total", labels[m], values[cpu * 10 + m] / USER_HZ);
            }
        }
        if (guest) {
            sink.family("node_cpu_guest_seconds", MetricType.COUNTER,
                    "Seconds the CPUs spent in guests (VMs) for each mode.", "seconds");
            for (int cpu = 0; cpu < cpus; cpu++) {
                Labels[] labels = guestLabels[cpu];
                for (int m = 0; m < GUEST_MODES.length; m++) {
                    sink.sample("node_cpu_guest_seconds_total", labels[m], values[cpu * 10 + 8 + m] / USER_HZ);
                }
            }
        }
        throttles.update(sink, cpuDir);
    }

    private void readStat() throws IOException {
        ByteCursor c = fs.read(statPath);
        cpus = 0;
        while (!c.atEnd()) {
            if (c.token() && c.startsWith("cpu") && c.length() > 3) {
                int cpu = (int) ByteCursor.parseLong(c.buffer(), c.start() + 3, c.end());
                if (cpu >= cpus) {
                    cpus = cpu + 1;
                }
                if (cpus * 10 > values.length) {
                    values = Arrays.copyOf(values, Math.max(values.length * 2, cpus * 10));
                }
                int base = cpu * 10;
                Arrays.fill(values, base, base + 10, 0L);
                for (int col = 0; col < 10 && c.token(); col++) {
                    values[base + col] = c.longValue();
                }
            }
            c.nextLine();
        }
        if (cpus == 0) {
            throw new IOException("no cpuN lines in " + statPath);
        }
    }

    private Labels[] labelsFor(int cpu) {
        if (cpu >= modeLabels.length) {
            int n = Math.max(cpu + 1, modeLabels.length * 2);
            Labels[][] m = Arrays.copyOf(modeLabels, n);
            Labels[][] g = Arrays.copyOf(guestLabels, n);
            for (int i = modeLabels.length; i < n; i++) {
                String id = Integer.toString(i);
                m[i] = new Labels[MODES.length];
                for (int k = 0; k < MODES.length; k++) {
                    m[i][k] = Labels.of("cpu", id, "mode", MODES[k]);
                }
                g[i] = new Labels[GUEST_MODES.length];
                for (int k = 0; k < GUEST_MODES.length; k++) {
                    g[i][k] = Labels.of("cpu", id, "mode", GUEST_MODES[k]);
                }
            }
            modeLabels = m;
            guestLabels = g;
        }
        return modeLabels[cpu];
    }
}
