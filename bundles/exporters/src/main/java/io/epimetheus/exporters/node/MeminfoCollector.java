package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.NameCache;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;

/**
 * {@code node_memory_<field>[_bytes]} for every line of /proc/meminfo: {@code Active(anon)}
 * becomes {@code Active_anon}; a value with a unit is in kB and becomes bytes with a {@code _bytes}
 * suffix, a value without one (the HugePages counts) keeps its name, as node_exporter does.
 */
final class MeminfoCollector implements NodeSubcollector {

    private final ProcFs fs;
    private final String path;
    /** Field name (with its colon) to the metric name without and with the kB unit. */
    private final NameCache<String[]> names = new NameCache<>(MeminfoCollector::metricNames);

    MeminfoCollector(ProcFs fs) {
        this.fs = fs;
        this.path = fs.proc("meminfo");
    }

    @Override
    public String name() {
        return "meminfo";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        ByteCursor c = fs.read(path);
        while (!c.atEnd()) {
            if (c.token()) {
                c.trimTrailing((byte) ':');
                String[] n = names.get(c);
                double v = c.nextLong();
                boolean kb = c.token();
                String metric = kb ? n[1] : n[0];
                sink.family(metric, MetricType.GAUGE, kb ? n[3] : n[2], kb ? "bytes" : "");
                sink.sample(metric, Labels.EMPTY, kb ? v * 1024 : v);
            }
            c.nextLine();
        }
    }

    private static String[] metricNames(String field) {
        String key = field.replace("(", "_").replace(")", "");
        return new String[] {
            "node_memory_" + key,
            "node_memory_" + key + "_bytes",
            "Memory information field " + key + ".",
            "Memory information field " + key + "_bytes.",
        };
    }
}
