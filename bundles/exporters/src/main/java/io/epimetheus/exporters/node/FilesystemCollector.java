package io.epimetheus.exporters.node;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.exporters.node.procfs.ByteCursor;
import io.epimetheus.exporters.node.procfs.NameCache;
import io.epimetheus.exporters.node.procfs.ProcFs;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * {@code node_filesystem_*{device,fstype,mountpoint}} for the mounts in /proc/1/mounts (or
 * /proc/mounts) that the mount-point and fs-type exclude patterns let through, sizes from
 * statvfs. A mount whose statvfs fails reports {@code node_filesystem_device_error 1} only.
 */
final class FilesystemCollector implements NodeSubcollector {

    private static final String[][] GAUGES = {
        {"node_filesystem_size_bytes", "Filesystem size in bytes.", "bytes"},
        {"node_filesystem_free_bytes", "Filesystem free space in bytes.", "bytes"},
        {"node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.", "bytes"},
        {"node_filesystem_files", "Filesystem total file nodes.", ""},
        {"node_filesystem_files_free", "Filesystem total free file nodes.", ""},
        {"node_filesystem_readonly", "Filesystem read-only status.", ""},
        {"node_filesystem_device_error", "Whether an error occurred while getting statistics for the given device.", ""},
    };
    private static final int WIDTH = GAUGES.length;

    /** One line of the mount table, parsed once: its labels, whether it is excluded, where to statvfs. */
    private static final class Mount {
        final Labels labels;
        final boolean excluded;
        final boolean readonly;
        final String statPath;
        long seen = -1;

        Mount(Labels labels, boolean excluded, boolean readonly, String statPath) {
            this.labels = labels;
            this.excluded = excluded;
            this.readonly = readonly;
            this.statPath = statPath;
        }
    }

    private final ProcFs fs;
    private final String rootMounts;
    private final String mounts;
    private final NameCache<Mount> lines;
    private final Statvfs statvfs = Statvfs.available() ? new Statvfs() : null;
    private Mount[] rows = new Mount[32];
    private double[] values = new double[32 * WIDTH];
    private long scrape;

    FilesystemCollector(ProcFs fs, Pattern mountPointsExclude, Pattern fsTypesExclude) {
        this.fs = fs;
        this.rootMounts = fs.proc("1/mounts");
        this.mounts = fs.proc("mounts");
        this.lines = new NameCache<>(line -> parse(fs, line, mountPointsExclude, fsTypesExclude));
    }

    @Override
    public String name() {
        return "filesystem";
    }

    @Override
    public void update(MetricSink sink) throws IOException {
        if (statvfs == null) {
            throw new IOException(Statvfs.unavailableReason());
        }
        ByteCursor c;
        try {
            c = fs.read(rootMounts);
        } catch (NoSuchFileException | SecurityException e) {
            c = fs.read(mounts);
        } catch (IOException e) {
            // /proc/1 is not readable by an unprivileged user under hidepid.
            c = fs.read(mounts);
        }
        scrape++;
        int count = 0;
        while (!c.atEnd()) {
            c.restOfLine();
            if (c.length() > 0) {
                Mount m = lines.get(c);
                if (m != null && !m.excluded && m.seen != scrape) {
                    m.seen = scrape;
                    if (count == rows.length) {
                        rows = Arrays.copyOf(rows, count * 2);
                        values = Arrays.copyOf(values, count * 2 * WIDTH);
                    }
                    rows[count++] = m;
                }
            }
            c.nextLine();
        }
        for (int r = 0; r < count; r++) {
            Mount m = rows[r];
            int base = r * WIDTH;
            if (statvfs.stat(m.statPath)) {
                double bsize = statvfs.blockSize;
                values[base] = statvfs.blocks * bsize;
                values[base + 1] = statvfs.blocksFree * bsize;
                values[base + 2] = statvfs.blocksAvailable * bsize;
                values[base + 3] = statvfs.files;
                values[base + 4] = statvfs.filesFree;
                values[base + 5] = m.readonly ? 1 : 0;
                values[base + 6] = 0;
            } else {
                Arrays.fill(values, base, base + WIDTH - 1, Double.NaN);
                values[base + 6] = 1;
            }
        }
        for (int g = 0; g < WIDTH; g++) {
            sink.family(GAUGES[g][0], MetricType.GAUGE, GAUGES[g][1], GAUGES[g][2]);
            for (int r = 0; r < count; r++) {
                double v = values[r * WIDTH + g];
                if (!Double.isNaN(v)) {
                    sink.sample(GAUGES[g][0], rows[r].labels, v);
                }
            }
        }
    }

    private static Mount parse(ProcFs fs, String line, Pattern mountPointsExclude, Pattern fsTypesExclude) {
        String[] parts = line.trim().split("[ \t]+");
        if (parts.length < 4) {
            throw new IllegalArgumentException("malformed mount point information: \"" + line + "\"");
        }
        String mountPoint = fs.stripRootfs(parts[1].replace("\\040", " ").replace("\\011", "\t"));
        String fsType = parts[2];
        boolean excluded = mountPointsExclude.matcher(mountPoint).find() || fsTypesExclude.matcher(fsType).find();
        boolean readonly = false;
        for (String option : parts[3].split(",")) {
            if (option.equals("ro")) {
                readonly = true;
                break;
            }
        }
        return new Mount(Labels.of("device", parts[0], "fstype", fsType, "mountpoint", mountPoint), excluded, readonly,
                fs.rootfs(mountPoint));
    }
}
