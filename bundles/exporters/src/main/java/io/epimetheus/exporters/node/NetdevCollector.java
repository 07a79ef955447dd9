package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.NameCache;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@code node_network_<stat>_total{device}} from /proc/net/dev, with node_exporter's names for
 * the 16 columns, plus {@code receive_nohandler} from {@code
 * /sys/class/net/<device>/statistics/rx_nohandler} (node_exporter reads that one over netlink).
 */
final class NetdevCollector implements NodeSubcollector {

    private static final String[] STATS = {
        "receive_bytes", "receive_packets", "receive_errs", "receive_drop", "receive_fifo", "receive_frame",
        "receive_compressed", "receive_multicast",
        "transmit_bytes", "transmit_packets", "transmit_errs", "transmit_drop", "transmit_fifo", "transmit_colls",
        "transmit_carrier", "transmit_compressed",
        "receive_nohandler",
    };
    private static final int COLUMNS = 16;
    private static final int WIDTH = STATS.length;
    private static final String[] FAMILIES = new String[WIDTH];
    private static final String[] SAMPLES = new String[WIDTH];
    private static final String[] HELP = new String[WIDTH];

    static {
        for (int i = 0; i < WIDTH; i++) {
            FAMILIES[i] = "node_network_" + STATS[i];
            SAMPLES[i] = FAMILIES[i] + "_total";
            HELP[i] = "Network device statistic " + STATS[i] + ".";
        }
    }

    /** What is known about a device name: its labels, whether it is filtered out, its sysfs file. */
    private record Device(Labels labels, boolean ignored, String noHandlerPath) {
    }

    private final ProcFs fs;
    private final String path;
    private final NameCache<Device> devices;
    private Device[] rows = new Device[16];
    /** {@code values[row * WIDTH + stat]}; -1 for a missing rx_nohandler. */
    private long[] values = new long[16 * WIDTH];
    private int count;

    NetdevCollector(ProcFs fs, DeviceFilter filter) {
        this.fs = fs;
        this.path = fs.proc("net/dev");
        this.devices = new NameCache<>(name -> new Device(Labels.of("device", name), filter.ignored(name),
                fs.sys("class/net/" + name + "/statistics/rx_nohandler")));
    }

    @Override
    public String name() {
        return "netdev";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        ByteCursor c = fs.read(path);
        c.nextLine();
        c.nextLine();
        count = 0;
        while (!c.atEnd()) {
            if (c.tokenUntil((byte) ':')) {
                Device d = devices.get(c);
                if (!d.ignored()) {
                    if (count == rows.length) {
                        rows = Arrays.copyOf(rows, count * 2);
                        values = Arrays.copyOf(values, count * 2 * WIDTH);
                    }
                    int base = count * WIDTH;
                    for (int i = 0; i < COLUMNS; i++) {
                        values[base + i] = c.nextLong();
                    }
                    rows[count++] = d;
                }
            }
            c.nextLine();
        }
        for (int r = 0; r < count; r++) {
            values[r * WIDTH + COLUMNS] = readNoHandler(rows[r].noHandlerPath());
        }
        for (int s = 0; s < WIDTH; s++) {
            boolean announced = false;
            for (int r = 0; r < count; r++) {
                long v = values[r * WIDTH + s];
                if (v < 0) {
                    continue;
                }
                if (!announced) {
                    sink.family(FAMILIES[s], MetricType.COUNTER, HELP[s], "");
                    announced = true;
                }
                sink.sample(SAMPLES[s], rows[r].labels(), v);
            }
        }
    }

    private long readNoHandler(String file) throws IOException {
        if (!ProcFs.exists(file)) {
            return -1;
        }
        ByteCursor c = fs.read(file);
        return c.token() ? c.longValue() : -1;
    }
}
