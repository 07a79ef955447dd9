package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.NameCache;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code node_disk_*} from /proc/diskstats (as many of the 17 statistics as the kernel prints),
 * {@code node_disk_info} and, from the udev database, {@code node_disk_filesystem_info}, {@code
 * node_disk_device_mapper_info} and the ATA gauges, with node_exporter's names and units (sectors
 * of 512 bytes, milliseconds to seconds).
 */
final class DiskstatsCollector implements NodeSubcollector {

    private static final double SECTOR = 512.0;
    private static final double MS = 1.0 / 1000.0;
    private static final int STATS = 17;
    private static final String[][] DESCS = {
        {"node_disk_reads_completed", "The total number of reads completed successfully."},
        {"node_disk_reads_merged", "The total number of reads merged."},
        {"node_disk_read_bytes", "The total number of bytes read successfully."},
        {"node_disk_read_time_seconds", "The total number of seconds spent by all reads."},
        {"node_disk_writes_completed", "The total number of writes completed successfully."},
        {"node_disk_writes_merged", "The number of writes merged."},
        {"node_disk_written_bytes", "The total number of bytes written successfully."},
        {"node_disk_write_time_seconds", "This is the total number of seconds spent by all writes."},
        {"node_disk_io_now", "The number of I/Os currently in progress."},
        {"node_disk_io_time_seconds", "Total seconds spent doing I/Os."},
        {"node_disk_io_time_weighted_seconds", "The weighted # of seconds spent doing I/Os."},
        {"node_disk_discards_completed", "The total number of discards completed successfully."},
        {"node_disk_discards_merged", "The total number of discards merged."},
        {"node_disk_discarded_sectors", "The total number of sectors discarded successfully."},
        {"node_disk_discard_time_seconds", "This is the total number of seconds spent by all discards."},
        {"node_disk_flush_requests", "The total number of flush requests completed successfully"},
        {"node_disk_flush_requests_time_seconds", "This is the total number of seconds spent by all flush requests."},
    };
    /** Factor applied to each raw column. */
    private static final double[] FACTORS = {1, 1, SECTOR, MS, 1, 1, SECTOR, MS, 1, MS, MS, 1, 1, 1, MS, 1, MS};
    private static final String[] SAMPLES = new String[STATS];
    private static final String IO_NOW = "node_disk_io_now";
    private static final String[][] ATA = {
        {"ID_ATA_WRITE_CACHE", "node_disk_ata_write_cache", "ATA disk has a write cache."},
        {"ID_ATA_WRITE_CACHE_ENABLED", "node_disk_ata_write_cache_enabled", "ATA disk has its write cache enabled."},
        {"ID_ATA_ROTATION_RATE_RPM", "node_disk_ata_rotation_rate_rpm", "ATA disk rotation rate in RPMs (0 for SSDs)."},
    };

    static {
        for (int i = 0; i < STATS; i++) {
            SAMPLES[i] = DESCS[i][0].equals(IO_NOW) ? IO_NOW : DESCS[i][0] + "_total";
        }
    }

    /** A device name's labels, whether the filter drops it, and what was derived for it last time. */
    private static final class Device {
        final String name;
        final Labels labels;
        final boolean ignored;
        long major = -1;
        long minor = -1;
        String udevPath;
        Udev infoUdev;
        Labels info;

        Device(String name, Labels labels, boolean ignored) {
            this.name = name;
            this.labels = labels;
            this.ignored = ignored;
        }

        String name() {
            return name;
        }

        Labels labels() {
            return labels;
        }

        boolean ignored() {
            return ignored;
        }
    }

    /** What one udev database file says about a device, parsed once per distinct content. */
    private record Udev(Map<String, String> properties) {
        String get(String key) {
            return properties.getOrDefault(key, "");
        }
    }

    private final ProcFs fs;
    private final String path;
    private final String udevDir;
    private final boolean udev;
    private final NameCache<Device> devices;
    private final NameCache<Udev> udevByContent = new NameCache<>(DiskstatsCollector::parseUdev);
    private Device[] rows = new Device[16];
    private long[] majors = new long[16];
    private long[] minors = new long[16];
    private int[] statCounts = new int[16];
    private Udev[] udevRows = new Udev[16];
    private long[] values = new long[16 * STATS];
    private int count;

    DiskstatsCollector(ProcFs fs, DeviceFilter filter, String udevDataPath) {
        this.fs = fs;
        this.path = fs.proc("diskstats");
        this.udevDir = udevDataPath;
        this.udev = new java.io.File(udevDataPath).isDirectory();
        this.devices = new NameCache<>(name -> new Device(name, Labels.of("device", name), filter.ignored(name)));
    }

    @Override
    public String name() {
        return "diskstats";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        ByteCursor c = fs.read(path);
        count = 0;
        while (!c.atEnd()) {
            if (c.token()) {
                long major = c.longValue();
                long minor = c.nextLong();
                if (!c.token()) {
                    throw new IOException("invalid line in " + path + ": no device name");
                }
                Device d = devices.get(c);
                if (!d.ignored()) {
                    ensureRoom();
                    int base = count * STATS;
                    int n = 0;
                    while (n < STATS && c.token()) {
                        values[base + n++] = c.longValue();
                    }
                    majors[count] = major;
                    minors[count] = minor;
                    statCounts[count] = n;
                    rows[count++] = d;
                }
            }
            c.nextLine();
        }
        for (int r = 0; r < count; r++) {
            Device d = rows[r];
            if (d.major != majors[r] || d.minor != minors[r]) {
                d.major = majors[r];
                d.minor = minors[r];
                d.udevPath = udevDir + "/b" + d.major + ":" + d.minor;
                d.info = null;
            }
            udevRows[r] = udev ? readUdev(d.udevPath) : null;
        }
        sink.family("node_disk_info", MetricType.GAUGE, "Info of /sys/block/<block_device>.", "");
        for (int r = 0; r < count; r++) {
            sink.sample("node_disk_info", info(r), 1);
        }
        for (int s = 0; s < STATS; s++) {
            boolean announced = false;
            for (int r = 0; r < count; r++) {
                if (s >= statCounts[r]) {
                    continue;
                }
                if (!announced) {
                    boolean gauge = SAMPLES[s] == IO_NOW;
                    sink.family(DESCS[s][0], gauge ? MetricType.GAUGE : MetricType.COUNTER, DESCS[s][1],
                            DESCS[s][0].endsWith("_seconds") ? "seconds" : DESCS[s][0].endsWith("_bytes") ? "bytes" : "");
                    announced = true;
                }
                sink.sample(SAMPLES[s], rows[r].labels(), values[r * STATS + s] * FACTORS[s]);
            }
        }
        if (udev) {
            udevFamilies(sink);
        }
    }

    private void udevFamilies(MetricSink sink) {
        boolean announced = false;
        for (int r = 0; r < count; r++) {
            Udev u = udevRows[r];
            if (u != null && !u.get("ID_FS_TYPE").isEmpty()) {
                if (!announced) {
                    sink.family("node_disk_filesystem_info", MetricType.GAUGE, "Info about disk filesystem.", "");
                    announced = true;
                }
                sink.sample("node_disk_filesystem_info", Labels.of("device", rows[r].name(), "type", u.get("ID_FS_TYPE"),
                        "usage", u.get("ID_FS_USAGE"), "uuid", u.get("ID_FS_UUID"), "version", u.get("ID_FS_VERSION")), 1);
            }
        }
        announced = false;
        for (int r = 0; r < count; r++) {
            Udev u = udevRows[r];
            if (u != null && !u.get("DM_NAME").isEmpty()) {
                if (!announced) {
                    sink.family("node_disk_device_mapper_info", MetricType.GAUGE, "Info about disk device mapper.", "");
                    announced = true;
                }
                sink.sample("node_disk_device_mapper_info", Labels.of("device", rows[r].name(), "name", u.get("DM_NAME"),
                        "uuid", u.get("DM_UUID"), "vg_name", u.get("DM_VG_NAME"), "lv_name", u.get("DM_LV_NAME"),
                        "lv_layer", u.get("DM_LV_LAYER")), 1);
            }
        }
        for (String[] ata : ATA) {
            announced = false;
            for (int r = 0; r < count; r++) {
                Udev u = udevRows[r];
                if (u == null || u.get("ID_ATA").isEmpty() || !u.properties().containsKey(ata[0])) {
                    continue;
                }
                double v;
                try {
                    v = Double.parseDouble(u.get(ata[0]));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (!announced) {
                    sink.family(ata[1], MetricType.GAUGE, ata[2], "");
                    announced = true;
                }
                sink.sample(ata[1], rows[r].labels(), v);
            }
        }
    }

    private Labels info(int r) {
        Udev u = udevRows[r];
        Device d = rows[r];
        if (d.info == null || d.infoUdev != u) {
            d.infoUdev = u;
            d.info = Labels.of("device", d.name(),
                    "major", Long.toString(d.major), "minor", Long.toString(d.minor),
                    "path", u == null ? "" : u.get("ID_PATH"), "wwn", u == null ? "" : u.get("ID_WWN"),
                    "model", u == null ? "" : u.get("ID_MODEL"), "serial", u == null ? "" : u.get("ID_SERIAL_SHORT"),
                    "revision", u == null ? "" : u.get("ID_REVISION"));
        }
        return d.info;
    }

    private Udev readUdev(String file) throws IOException {
        if (!ProcFs.exists(file)) {
            return null;
        }
        ByteCursor c = fs.read(file);
        if (udevByContent.size() > 4096) {
            udevByContent.clear();
        }
        c.restOfFile();
        return udevByContent.get(c);
    }

    private static Udev parseUdev(String content) {
        Map<String, String> props = new HashMap<>();
        for (String line : content.split("\n")) {
            if (line.startsWith("E:")) {
                int eq = line.indexOf('=');
                if (eq > 2) {
                    props.put(line.substring(2, eq), line.substring(eq + 1));
                }
            }
        }
        return new Udev(props);
    }

    private void ensureRoom() {
        if (count == rows.length) {
            int n = count * 2;
            rows = Arrays.copyOf(rows, n);
            majors = Arrays.copyOf(majors, n);
            minors = Arrays.copyOf(minors, n);
            statCounts = Arrays.copyOf(statCounts, n);
            udevRows = Arrays.copyOf(udevRows, n);
            values = Arrays.copyOf(values, n * STATS);
        }
    }
}
