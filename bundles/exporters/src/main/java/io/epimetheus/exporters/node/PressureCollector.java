package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Pressure stall information from /proc/pressure/{cpu,io,memory,irq}: the {@code total=}
 * microseconds of the {@code some} and {@code full} lines as seconds. Reports no data (success 0)
 * on kernels without PSI, like node_exporter.
 */
final class PressureCollector implements NodeSubcollector {

    private static final String[] RESOURCES = {"cpu", "io", "memory", "irq"};
    /** Per resource: {some name, some help, full name, full help}; null where node_exporter has none. */
    private static final String[][] NAMES = {
        {"node_pressure_cpu_waiting_seconds", "Total time in seconds that processes have waited for CPU time",
            null, null},
        {"node_pressure_io_waiting_seconds", "Total time in seconds that processes have waited due to IO congestion",
            "node_pressure_io_stalled_seconds", "Total time in seconds no process could make progress due to IO congestion"},
        {"node_pressure_memory_waiting_seconds", "Total time in seconds that processes have waited for memory",
            "node_pressure_memory_stalled_seconds",
            "Total time in seconds no process could make progress due to memory congestion"},
        {null, null,
            "node_pressure_irq_stalled_seconds", "Total time in seconds no process could make progress due to IRQ congestion"},
    };
    private static final String[][] SAMPLES = {
        {"node_pressure_cpu_waiting_seconds_total", null},
        {"node_pressure_io_waiting_seconds_total", "node_pressure_io_stalled_seconds_total"},
        {"node_pressure_memory_waiting_seconds_total", "node_pressure_memory_stalled_seconds_total"},
        {null, "node_pressure_irq_stalled_seconds_total"},
    };

    private final ProcFs fs;
    private final String[] paths = new String[RESOURCES.length];

    PressureCollector(ProcFs fs) {
        this.fs = fs;
        for (int i = 0; i < RESOURCES.length; i++) {
            paths[i] = fs.proc("pressure/" + RESOURCES[i]);
        }
    }

    @Override
    public String name() {
        return "pressure";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        int found = 0;
        for (int r = 0; r < RESOURCES.length; r++) {
            ByteCursor c;
            try {
                c = fs.read(paths[r]);
            } catch (NoSuchFileException e) {
                continue;
            }
            double some = -1;
            double full = -1;
            while (!c.atEnd()) {
                if (c.token()) {
                    boolean isSome = c.is("some");
                    boolean isFull = c.is("full");
                    while (c.token()) {
                        if (c.startsWith("total=")) {
                            c.narrow(c.start() + 6, c.end());
                            // Divided twice as node_exporter does, for bit-identical values.
                            double seconds = c.longValue() / 1000.0 / 1000.0;
                            if (isSome) {
                                some = seconds;
                            } else if (isFull) {
                                full = seconds;
                            }
                        }
                    }
                }
                c.nextLine();
            }
            String[] n = NAMES[r];
            if ((n[0] != null && some < 0) || (n[2] != null && full < 0)) {
                throw new NoDataException("pressure information in " + paths[r] + " lacks a some or full line");
            }
            if (n[0] != null) {
                sink.family(n[0], MetricType.COUNTER, n[1], "seconds");
                sink.sample(SAMPLES[r][0], Labels.EMPTY, some);
            }
            if (n[2] != null) {
                sink.family(n[2], MetricType.COUNTER, n[3], "seconds");
                sink.sample(SAMPLES[r][1], Labels.EMPTY, full);
            }
            found++;
        }
        if (found == 0) {
            throw new NoDataException("pressure information is unavailable, it needs Linux >= 4.20 with CONFIG_PSI");
        }
    }
}
