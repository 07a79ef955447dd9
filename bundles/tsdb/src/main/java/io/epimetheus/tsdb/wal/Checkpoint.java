package io.epimetheus.tsdb.wal;

import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.format.encoding.DecBuf;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.WalDir;
import io.epimetheus.tsdb.format.wal.WalFormat;
import io.epimetheus.tsdb.format.wal.WalReader;
import io.epimetheus.tsdb.format.wal.WalWriter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Condenses the WAL up to a segment into {@code checkpoint.NNNNNNNN}: the series records of
 * series still alive, samples at or after a time, and live tombstones — what replay needs from
 * those segments and nothing more. The checkpoint is written under a temporary name and renamed
 * when complete; then the segments it replaces and older checkpoints are deleted.
 */
public final class Checkpoint {

    /** What a checkpoint kept and dropped. */
    public record Stats(int toSegment, long seriesKept, long seriesDropped, long samplesKept, long samplesDropped) {
    }

    private Checkpoint() {
    }

    /**
     * Writes a checkpoint of segments {@code [first, last]} (and the previous checkpoint), keeping
     * series for which {@code alive} is true and samples with {@code t >= mint}.
     */
    public static Stats create(Path walDir, int last, LongPredicate alive, long mint, boolean compress)
            throws IOException {
        List<Path> files = new ArrayList<>();
        int prev = WalDir.lastCheckpoint(walDir);
        if (prev >= 0) {
            Path cp = WalDir.checkpointDir(walDir, prev);
            for (int s : WalFormat.segments(cp)) {
                files.add(cp.resolve(WalFormat.segmentName(s)));
            }
        }
        for (int s : WalFormat.segments(walDir)) {
            if (s > prev && s <= last) {
                files.add(walDir.resolve(WalFormat.segmentName(s)));
            }
        }
        Path tmp = walDir.resolve(WalDir.CHECKPOINT_PREFIX + WalFormat.segmentName(last) + ".tmp");
        FileUtil.deleteRecursively(tmp);
        long[] counts = new long[4];
        EncBuf series = new EncBuf(1 << 16);
        EncBuf samples = new EncBuf(1 << 16);
        EncBuf tombs = new EncBuf(1 << 12);
        int[] refs = new int[1024];
        long[] ts = new long[1024];
        double[] vs = new double[1024];
        int[] n = {0};
        LabelsBuilder lb = new LabelsBuilder();
        DecBuf dec = new DecBuf();
        try (WalReader r = new WalReader(files);
                WalWriter w = new WalWriter(tmp, WalFormat.PAGE_SIZE * 1024L, compress, false)) {
            while (r.next()) {
                byte[] rec = r.record();
                int len = r.length();
                switch (Records.type(rec, len)) {
                    case Records.SERIES -> {
                        series.reset();
                        Records.startSeries(series);
                        int start = series.len();
                        Records.decodeSeries(rec, len, lb, (ref, labels) -> {
                            if (alive.test(ref)) {
                                Records.addSeries(series, ref, labels);
                                counts[0]++;
                            } else {
                                counts[1]++;
                            }
                        });
                        if (series.len() > start) {
                            w.log(series.array(), series.len());
                        }
                    }
                    case Records.SAMPLES -> {
                        n[0] = 0;
                        Records.decodeSamples(rec, len, dec, (ref, t, v) -> {
                            if (t >= mint && alive.test(ref)) {
                                refs[n[0]] = (int) ref;
                                ts[n[0]] = t;
                                vs[n[0]] = v;
                                n[0]++;
                                counts[2]++;
                                if (n[0] == refs.length) {
                                    flushSamples(w, samples, refs, ts, vs, n);
                                }
                            } else {
                                counts[3]++;
                            }
                        });
                        flushSamples(w, samples, refs, ts, vs, n);
                    }
                    case Records.TOMBSTONES -> {
                        tombs.reset();
                        Records.startTombstones(tombs);
                        int start = tombs.len();
                        Records.decodeTombstones(rec, len, (ref, a, b) -> {
                            if (b >= mint && alive.test(ref)) {
                                Records.addTombstone(tombs, ref, a, b);
                            }
                        });
                        if (tombs.len() > start) {
                            w.log(tombs.array(), tombs.len());
                        }
                    }
                    default -> {
                        // other record types are not kept
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            FileUtil.deleteRecursively(tmp);
            throw e;
        }
        Path dst = WalDir.checkpointDir(walDir, last);
        FileUtil.deleteRecursively(dst);
        FileUtil.replace(tmp, dst);
        deleteBefore(walDir, last, last);
        return new Stats(last, counts[0], counts[1], counts[2], counts[3]);
    }

    /** Deletes checkpoints older than {@code keepCheckpoint} and segments up to {@code upToSegment}. */
    private static void deleteBefore(Path walDir, int keepCheckpoint, int upToSegment) throws IOException {
        for (int s : WalFormat.segments(walDir)) {
            if (s <= upToSegment) {
                Files.deleteIfExists(walDir.resolve(WalFormat.segmentName(s)));
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, WalDir.CHECKPOINT_PREFIX + "*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString().substring(WalDir.CHECKPOINT_PREFIX.length());
                if (n.chars().allMatch(c -> c >= '0' && c <= '9') && !n.isEmpty()
                        && Integer.parseInt(n) < keepCheckpoint) {
                    FileUtil.deleteRecursively(p);
                } else if (n.endsWith(".tmp")) {
                    FileUtil.deleteRecursively(p);
                }
            }
        }
    }

    private static void flushSamples(WalWriter w, EncBuf samples, int[] refs, long[] ts, double[] vs, int[] n) {
        if (n[0] == 0) {
            return;
        }
        samples.reset();
        Records.samples(samples, refs, ts, vs, n[0]);
        try {
            w.log(samples.array(), samples.len());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        n[0] = 0;
    }
}
