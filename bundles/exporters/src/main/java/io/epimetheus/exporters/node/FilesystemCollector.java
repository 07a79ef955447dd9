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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code node_filesystem_*{device,fstype,mountpoint}} for the mounts in /proc/1/mounts (or
 * /proc/mounts) that the mount-point and fs-type exclude patterns let through, sizes from
 * statvfs. A mount whose statvfs fails reports {@code node_filesystem_device_error 1} only.
 *
 * <p>As in node_exporter, statvfs runs on a few worker threads with a timeout: a mount whose call
 * does not return in time (a hung NFS server) is marked stuck and reported as a device error,
 * without new calls, until the hanging call returns. The scrape itself never blocks on it.
 */
final class FilesystemCollector implements NodeSubcollector, AutoCloseable {

    private static final int WORKERS = 4;

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
        /** Set while a statvfs call on this mount has not returned past the timeout. */
        volatile boolean stuck;

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
    private final long timeoutMillis;
    private final ThreadLocal<Statvfs> statvfs = ThreadLocal.withInitial(Statvfs::new);
    private final ExecutorService workers;
    private Mount[] rows = new Mount[32];
    private double[] values = new double[32 * WIDTH];
    private long scrape;

    FilesystemCollector(ProcFs fs, Pattern mountPointsExclude, Pattern fsTypesExclude, long timeoutMillis) {
        this.fs = fs;
        this.timeoutMillis = timeoutMillis;
        AtomicInteger n = new AtomicInteger();
        this.workers = Statvfs.available() ? Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "epimetheus-node-statfs-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) : null;
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
        if (workers == null) {
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
        stat(count);
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

    /** Fills {@code values} for the first {@code count} rows, in parallel, each call bounded by the timeout. */
    private void stat(int count) {
        @SuppressWarnings("unchecked")
        Future<double[]>[] futures = new Future[count];
        for (int r = 0; r < count; r++) {
            Mount m = rows[r];
            if (!m.stuck) {
                futures[r] = workers.submit(() -> statOnWorker(m));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int r = 0; r < count; r++) {
            Mount m = rows[r];
            int base = r * WIDTH;
            double[] v = null;
            if (futures[r] != null) {
                try {
                    v = futures[r].get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // The worker clears the flag when the call finally returns.
                    m.stuck = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    v = null;
                }
            }
            if (v != null) {
                System.arraycopy(v, 0, values, base, 5);
                values[base + 5] = m.readonly ? 1 : 0;
                values[base + 6] = 0;
            } else {
                Arrays.fill(values, base, base + WIDTH - 1, Double.NaN);
                values[base + 6] = 1;
            }
        }
    }

    private double[] statOnWorker(Mount m) {
        Statvfs s = statvfs.get();
        boolean ok = s.stat(m.statPath);
        m.stuck = false;
        if (!ok) {
            return null;
        }
        double bsize = s.blockSize;
        return new double[] {s.blocks * bsize, s.blocksFree * bsize, s.blocksAvailable * bsize, s.files, s.filesFree};
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
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
