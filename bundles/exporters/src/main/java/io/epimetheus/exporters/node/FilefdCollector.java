package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;

/** {@code node_filefd_allocated} and {@code node_filefd_maximum} from /proc/sys/fs/file-nr. */
final class FilefdCollector implements NodeSubcollector {

    private final ProcFs fs;
    private final String path;

    FilefdCollector(ProcFs fs) {
        this.fs = fs;
        this.path = fs.proc("sys/fs/file-nr");
    }

    @Override
    public String name() {
        return "filefd";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        ByteCursor c = fs.read(path);
        if (!c.token()) {
            throw new IOException("unexpected number of file stats in \"" + path + "\"");
        }
        long allocated = c.longValue();
        if (!c.token() || !c.token()) {
            throw new IOException("unexpected number of file stats in \"" + path + "\"");
        }
        long maximum = c.longValue();
        sink.family("node_filefd_allocated", MetricType.GAUGE, "File descriptor statistics: allocated.", "");
        sink.sample("node_filefd_allocated", Labels.EMPTY, allocated);
        sink.family("node_filefd_maximum", MetricType.GAUGE, "File descriptor statistics: maximum.", "");
        sink.sample("node_filefd_maximum", Labels.EMPTY, maximum);
    }
}
