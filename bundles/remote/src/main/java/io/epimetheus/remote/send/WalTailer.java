package io.epimetheus.remote.send;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.tsdb.encoding.DecBuf;
import io.epimetheus.tsdb.record.Records;
import io.epimetheus.tsdb.wal.WalCorruptionException;
import io.epimetheus.tsdb.wal.WalDir;
import io.epimetheus.tsdb.wal.WalFormat;
import io.epimetheus.tsdb.wal.WalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Follows the TSDB's write-ahead log (Prometheus's segment format) the way Prometheus's WAL
 * watcher does: series from the last checkpoint and every segment, samples from the segments,
 * each delivered once and in order. Samples older than the start time are skipped, as Prometheus
 * sends nothing from before the sender started. Because the sender reads samples back from the
 * WAL, a receiver outage only pauses reading ({@link Sink#sample} blocks): nothing still in the WAL
 * is lost.
 *
 * <p>A record being written at the end of the newest segment may be seen half-written; it is then
 * read again on the next {@link #poll}. Not thread-safe: one thread polls.
 */
final class WalTailer {

    /** Receives what the WAL holds. */
    interface Sink {
        void series(long ref, Labels labels);

        /** May block (backpressure); returns {@code false} to stop reading (shutting down). */
        boolean sample(long ref, long t, double v);
    }

    private static final System.Logger LOG = System.getLogger(WalTailer.class.getName());

    private final Path walDir;
    private final long startMillis;
    private final LabelsBuilder builder = new LabelsBuilder();
    private final DecBuf dec = new DecBuf(new byte[0], 0, 0);
    private int segment = -1;
    private long lastDone = -1; // start offset of the last record handled in the current segment
    private long liveSize = -1;
    private boolean stopped;
    private Sink currentSink;
    private boolean sinkOk;
    private final Records.SampleConsumer samples = this::onSample;
    long segmentsSkipped;

    WalTailer(Path walDir, long startMillis) {
        this.walDir = walDir;
        this.startMillis = startMillis;
    }

    int segment() {
        return segment;
    }

    /**
     * Reads whatever is new. Returns {@code false} when there was nothing to read (the caller then
     * waits a little) or the sink asked to stop.
     */
    boolean poll(Sink sink) throws IOException {
        if (!Files.isDirectory(walDir)) {
            return false;
        }
        if (segment < 0) {
            int cp = WalDir.lastCheckpoint(walDir);
            if (cp >= 0) {
                readCheckpoint(WalDir.checkpointDir(walDir, cp), sink);
            }
            List<Integer> segs = WalFormat.segments(walDir);
            int first = -1;
            for (int s : segs) {
                if (s > cp) {
                    first = s;
                    break;
                }
            }
            if (first < 0) {
                return false;
            }
            segment = first;
        }
        boolean progressed = false;
        while (!stopped) {
            List<Integer> segs = WalFormat.segments(walDir);
            if (!segs.contains(segment)) {
                // Truncated away under us (head compaction): continue with the oldest remaining one.
                int next = -1;
                for (int s : segs) {
                    if (s > segment) {
                        next = s;
                        break;
                    }
                }
                if (next < 0) {
                    return progressed;
                }
                LOG.log(System.Logger.Level.WARNING, "WAL segment " + segment + " was removed before it was sent;"
                        + " continuing with segment " + next);
                segmentsSkipped += next - segment;
                segment = next;
                lastDone = -1;
                liveSize = -1;
            }
            boolean newer = segs.get(segs.size() - 1) > segment;
            Path file = walDir.resolve(WalFormat.segmentName(segment));
            long size = Files.size(file);
            if (!newer && size == liveSize) {
                return progressed;
            }
            try (WalReader reader = new WalReader(List.of(file))) {
                while (reader.next()) {
                    if (reader.offset() <= lastDone) {
                        continue;
                    }
                    if (!record(reader.record(), reader.length(), sink)) {
                        stopped = true;
                        return progressed;
                    }
                    lastDone = reader.offset();
                    progressed = true;
                }
            } catch (WalCorruptionException e) {
                if (!newer) {
                    // Most likely a record still being written: read it again next time.
                    liveSize = -1;
                    return progressed;
                }
                LOG.log(System.Logger.Level.WARNING, "WAL segment " + segment + " is damaged (" + e.getMessage()
                        + "); continuing with the next segment");
            }
            if (!newer) {
                liveSize = size;
                return progressed;
            }
            segment++;
            lastDone = -1;
            liveSize = -1;
        }
        return progressed;
    }

    private void readCheckpoint(Path dir, Sink sink) throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (int s : WalFormat.segments(dir)) {
            files.add(dir.resolve(WalFormat.segmentName(s)));
        }
        try (WalReader reader = new WalReader(files)) {
            while (reader.next()) {
                if (Records.type(reader.record(), reader.length()) == Records.SERIES) {
                    Records.decodeSeries(reader.record(), reader.length(), builder, sink::series);
                }
            }
        } catch (WalCorruptionException e) {
            LOG.log(System.Logger.Level.WARNING, "WAL checkpoint " + dir + " is damaged: " + e.getMessage());
        }
    }

    private boolean record(byte[] rec, int len, Sink sink) {
        switch (Records.type(rec, len)) {
            case Records.SERIES -> Records.decodeSeries(rec, len, builder, sink::series);
            case Records.SAMPLES -> {
                currentSink = sink;
                sinkOk = true;
                Records.decodeSamples(rec, len, dec, samples);
                return sinkOk;
            }
            default -> {
                // tombstones and other records do not concern remote write
            }
        }
        return true;
    }

    private void onSample(long ref, long t, double v) {
        if (sinkOk && t >= startMillis) {
            sinkOk = currentSink.sample(ref, t, v);
        }
    }

    void stop() {
        stopped = true;
    }
}
