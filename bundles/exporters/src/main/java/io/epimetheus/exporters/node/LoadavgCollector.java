package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;

/** {@code node_load1}, {@code node_load5}, {@code node_load15} from /proc/loadavg. */
final class LoadavgCollector implements NodeSubcollector {

    private static final String[] NAMES = {"node_load1", "node_load5", "node_load15"};
    private static final String[] HELP = {"1m load average.", "5m load average.", "15m load average."};

    private final ProcFs fs;
    private final String path;
    private final double[] loads = new double[3];

    LoadavgCollector(ProcFs fs) {
        this.fs = fs;
        this.path = fs.proc("loadavg");
    }

    @Override
    public String name() {
        return "loadavg";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        ByteCursor c = fs.read(path);
        for (int i = 0; i < 3; i++) {
            if (!c.token()) {
                throw new IOException("unexpected content in " + path + ": fewer than 3 fields");
            }
            loads[i] = c.doubleValue();
        }
        for (int i = 0; i < 3; i++) {
            sink.family(NAMES[i], MetricType.GAUGE, HELP[i], "");
            sink.sample(NAMES[i], Labels.EMPTY, loads[i]);
        }
    }
}
