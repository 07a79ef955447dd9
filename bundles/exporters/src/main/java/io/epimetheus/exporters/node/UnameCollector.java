package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.NameCache;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * {@code node_uname_info} from the uname fields the kernel publishes under
 * /proc/sys/kernel ({@code ostype}, {@code osrelease}, {@code version}, {@code hostname}, {@code
 * domainname}, and {@code arch} since Linux 6.1; older kernels get the machine from the JVM's
 * architecture name, mapped to uname's spelling).
 */
final class UnameCollector implements NodeSubcollector {

    private static final String[] FIELDS = {"ostype", "osrelease", "version", "hostname", "domainname", "arch"};
    private static final String[] LABELS = {"sysname", "release", "version", "nodename", "domainname", "machine"};

    private final ProcFs fs;
    private final String[] paths = new String[FIELDS.length];
    private final String jvmMachine;
    private final String[] current = new String[FIELDS.length];
    private final NameCache<String> values = new NameCache<>(s -> s);
    private Labels labels;

    UnameCollector(ProcFs fs) {
        this.fs = fs;
        for (int i = 0; i < FIELDS.length; i++) {
            paths[i] = fs.proc("sys/kernel/" + FIELDS[i]);
        }
        this.jvmMachine = machine(System.getProperty("os.arch", ""));
    }

    @Override
    public String name() {
        return "uname";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        boolean changed = labels == null;
        for (int i = 0; i < FIELDS.length; i++) {
            String v;
            try {
                ByteCursor c = fs.read(paths[i]);
                c.restOfLine();
                v = values.get(c);
            } catch (NoSuchFileException e) {
                if (i != FIELDS.length - 1) {
                    throw e;
                }
                v = jvmMachine;
            }
            if (v != current[i]) {
                current[i] = v;
                changed = true;
            }
        }
        if (changed) {
            String[] pairs = new String[FIELDS.length * 2];
            for (int i = 0; i < FIELDS.length; i++) {
                pairs[2 * i] = LABELS[i];
                pairs[2 * i + 1] = current[i];
            }
            labels = Labels.of(pairs);
        }
        sink.family("node_uname_info", MetricType.GAUGE, "Labeled system information as provided by the uname system call.", "");
        sink.sample("node_uname_info", labels, 1);
    }

    /** The JVM's {@code os.arch} in uname's spelling. */
    static String machine(String osArch) {
        switch (osArch) {
            case "amd64":
                return "x86_64";
            case "x86":
                return "i686";
            case "arm":
                return "armv7l";
            default:
                return osArch;
        }
    }
}
