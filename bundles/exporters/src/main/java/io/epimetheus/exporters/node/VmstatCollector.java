package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.NameCache;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * {@code node_vmstat_<field>} (untyped) for the /proc/vmstat fields matching {@code
 * collector.vmstat.fields}. The pattern is applied once per field name, not per scrape: the
 * decision is cached with the name.
 */
final class VmstatCollector implements NodeSubcollector {

    private final ProcFs fs;
    private final String path;
    /** Field to {name, help}, or {@code null} when the field is not selected. */
    private final NameCache<String[]> fields;

    VmstatCollector(ProcFs fs, Pattern fieldPattern) {
        this.fs = fs;
        this.path = fs.proc("vmstat");
        // node_exporter applies this pattern unanchored (Go's MatchString).
        this.fields = new NameCache<>(f -> fieldPattern.matcher(f).find()
                ? new String[] {"node_vmstat_" + f, "/proc/vmstat information field " + f + "."}
                : null);
    }

    @Override
    public String name() {
        return "vmstat";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        ByteCursor c = fs.read(path);
        while (!c.atEnd()) {
            if (c.token()) {
                String[] f = fields.get(c);
                if (f != null && c.token()) {
                    double v = c.doubleValue();
                    sink.family(f[0], MetricType.UNKNOWN, f[1], "");
                    sink.sample(f[0], Labels.EMPTY, v);
                }
            }
            c.nextLine();
        }
    }
}
