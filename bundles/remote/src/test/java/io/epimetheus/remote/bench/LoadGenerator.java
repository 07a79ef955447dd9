package io.epimetheus.remote.bench;

import io.epimetheus.api.model.Labels;
import io.epimetheus.remote.codec.ProtoWriter;
import io.epimetheus.remote.write.WriteRequestEncoder;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remote-write load for comparing receivers: {@code connections} threads each own 2000 series
 * (10 labels, node_cpu-like) and post, back to back, 1.0 requests of 2000 samples as Prometheus
 * sends them (one series entry per sample), every request one step later in time, for {@code
 * seconds}. Reports accepted samples per second and per CPU-second of the receiver process (from
 * {@code /proc/<pid>/stat}).
 *
 * <p>Usage: {@code LoadGenerator <url> <receiver-pid> <seconds> <connections>}
 */
public final class LoadGenerator {

    private static final int PER_REQUEST = 2000;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long pid = Long.parseLong(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int conns = Integer.parseInt(args[3]);
        long t0 = System.currentTimeMillis() - 3_600_000L;
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        long cpu0 = cpuTicks(pid);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        Thread[] threads = new Thread[conns];
        for (int c = 0; c < conns; c++) {
            int conn = c;
            threads[c] = new Thread(() -> {
                Labels[] series = new Labels[PER_REQUEST];
                for (int s = 0; s < PER_REQUEST; s++) {
                    series[s] = Labels.of("__name__", "node_cpu_seconds_total", "cpu", Integer.toString(s % 64),
                            "mode", "mode" + (s / 64), "instance", "host-" + conn + ".example.org:9100", "job", "node",
                            "cluster", "eu-west-1", "env", "production", "region", "eu", "team", "platform", "az", "a");
                }
                WriteRequestEncoder enc = new WriteRequestEncoder(false);
                SnappyBlock snappy = new SnappyBlock();
                byte[] body = new byte[1 << 20];
                for (long i = 0; System.nanoTime() < end; i++) {
                    enc.reset();
                    long t = t0 + i * 100;
                    for (int s = 0; s < PER_REQUEST; s++) {
                        enc.addSample(series[s], t, i + s * 0.5);
                    }
                    ProtoWriter w = enc.finish();
                    if (body.length < SnappyBlock.maxEncodedLength(w.size())) {
                        body = new byte[SnappyBlock.maxEncodedLength(w.size())];
                    }
                    int n = snappy.encode(w.buffer(), 0, w.size(), body);
                    try {
                        int status = post(url, Arrays.copyOf(body, n));
                        (status / 100 == 2 ? accepted : rejected).addAndGet(PER_REQUEST);
                    } catch (Exception e) {
                        rejected.addAndGet(PER_REQUEST);
                    }
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuTicks(pid) - cpu0) / 100.0;
        System.out.printf("accepted %d samples (%d rejected) in %.1fs: %.0f samples/s; receiver CPU %.1fs:"
                + " %.0f samples per CPU-second%n", accepted.get(), rejected.get(), wall, accepted.get() / wall, cpu,
                accepted.get() / cpu);
    }

    private static int post(String url, byte[] body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        c.setRequestProperty("Content-Type", "application/x-protobuf");
        c.setRequestProperty("Content-Encoding", "snappy");
        c.setRequestProperty("X-Prometheus-Remote-Write-Version", "0.1.0");
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        var in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        if (in != null) {
            in.readAllBytes();
            in.close();
        }
        return status;
    }

    /** utime + stime of a process, in clock ticks (1/100 s on Linux). */
    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
