package io.epimetheus.remote.send;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.tsdb.format.encoding.DecBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.SegmentReader;
import io.epimetheus.tsdb.format.wal.WalCorruptionException;
import io.epimetheus.tsdb.format.wal.WalDir;
import io.epimetheus.tsdb.format.wal.WalFormat;
import io.epimetheus.tsdb.format.wal.WalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the TSDB's write-ahead log (Prometheus's segment format) the way Prometheus's WAL
 * watcher does: series from the last checkpoint and every segment, samples from the segments,
 * each delivered once and in order. Samples older than the start time are skipped, as Prometheus
 * sends nothing from before the sender started. Because the sender reads samples back from the
 * WAL, a receiver outage only pauses reading ({@link Sink#sample} blocks): nothing still in the WAL
 * is lost, as long as the {@link WriteAheadLog.Hold hold} advanced to the segment being read keeps
 * the database from truncating it.
 *
 * <p>Segments are read with a {@link SegmentReader} that keeps its position, so each poll reads only
 * what was appended; a record still being written is read on a later poll. Checkpoints (complete
 * by construction) are read with a {@link WalReader}. A tailer can resume where an earlier one
 * stopped ({@link #position()}): it reads the series again but delivers samples only from there on.
 * Not thread-safe: one thread polls.
 */
final class WalTailer {

    /** Receives what the WAL holds. */
    interface Sink {
        /**
         * A series record, read from segment (or checkpoint) {@code segment}. Series not seen again
         * in a later checkpoint are gone from the head.
         */
        void series(long ref, Labels labels, int segment);

        /**
         * Checkpoint {@code index} was read: every series still in the head was delivered again, so
         * the ones last seen in a segment before {@code index} can be forgotten.
         */
        void checkpoint(int index);

        /** May block (backpressure); returns {@code false} to stop reading (shutting down). */
        boolean sample(long ref, long t, double v);
    }

    /** Where delivery stopped: samples of records at or after {@code offset} of {@code segment} were not delivered. */
    record Position(Path walDir, int segment, long offset) {
    }

    private static final System.Logger LOG = System.getLogger(WalTailer.class.getName());

    private final Path walDir;
    private final WriteAheadLog.Hold hold;
    private final long startMillis;
    private final Position resume;
    private final LabelsBuilder builder = new LabelsBuilder();
    private final DecBuf dec = new DecBuf(new byte[0], 0, 0);
    private int segment = -1;
    private int lastCheckpoint = -1;
    private boolean warnedMissing;
    private int reading = -1; // the segment or checkpoint whose records are being delivered
    private final Records.SeriesConsumer seriesOut = this::onSeries;
    private Sink seriesSink;
    private SegmentReader live;
    private long samplesFrom; // records of the live segment before this offset deliver no samples (resuming)
    private long delivered; // offset in the live segment up to which every record was delivered
    private String lastProblem;
    private volatile boolean stopped;
    private Sink currentSink;
    private boolean sinkOk;
    private final Records.SampleConsumer samples = this::onSample;
    long segmentsSkipped;

    /**
     * A tailer of {@code walDir} that keeps {@code hold} at the segment it reads.
     *
     * @param resume where an earlier tailer of the same directory stopped, or {@code null}
     */
    WalTailer(Path walDir, WriteAheadLog.Hold hold, long startMillis, Position resume) {
        this.walDir = walDir;
        this.hold = hold;
        this.startMillis = startMillis;
        this.resume = resume != null && resume.walDir().equals(walDir) ? resume : null;
    }

    int segment() {
        return segment;
    }

    /** Where delivery stands, for a later tailer to resume from; {@code null} before any segment was read. */
    Position position() {
        if (segment < 0) {
            return resume;
        }
        if (resume != null && (segment < resume.segment()
                || segment == resume.segment() && delivered < resume.offset())) {
            return resume;
        }
        return new Position(walDir, segment, delivered);
    }

    /**
     * Reads whatever is new. Returns {@code false} when there was nothing to read (the caller then
     * waits a little) or the sink asked to stop.
     */
    boolean poll(Sink sink) throws IOException {
        if (!Files.isDirectory(walDir)) {
            if (!warnedMissing) {
                LOG.log(System.Logger.Level.WARNING, "remote_write: the WAL directory " + walDir
                        + " does not exist; waiting for it");
                warnedMissing = true;
            }
            return false;
        }
        int cp = WalDir.lastCheckpoint(walDir);
        if (cp > lastCheckpoint) {
            reading = cp;
            readCheckpoint(WalDir.checkpointDir(walDir, cp), sink);
            lastCheckpoint = cp;
            sink.checkpoint(cp);
        }
        if (segment < 0) {
            int first = firstAfter(WalFormat.segments(walDir), cp);
            if (first < 0) {
                return false;
            }
            segment = first;
            hold.advance(segment);
        }
        reading = segment;
        boolean progressed = false;
        while (!stopped) {
            if (live == null) {
                Path file = walDir.resolve(WalFormat.segmentName(segment));
                if (!Files.exists(file)) {
                    int next = firstAfter(WalFormat.segments(walDir), segment);
                    if (next < 0) {
                        return progressed;
                    }
                    // Truncated away before we read it (a hold that expired): continue with what remains.
                    LOG.log(System.Logger.Level.WARNING, "WAL segment " + segment + " was removed before it was"
                            + " sent; continuing with segment " + next);
                    segmentsSkipped += next - segment;
                    segment = next;
                    delivered = 0;
                    hold.advance(segment);
                    reading = segment;
                    continue;
                }
                live = new SegmentReader(file);
                delivered = 0;
                samplesFrom = resume == null || segment > resume.segment() ? 0
                        : segment == resume.segment() ? resume.offset() : Long.MAX_VALUE;
            }
            int drained = drain(sink, false);
            if (drained < 0) {
                return progressed;
            }
            progressed |= drained > 0;
            // Nothing complete is left: the segment is finished once a newer one exists. Drain once
            // more after seeing it, as the writer may have completed this one in between.
            if (firstAfter(WalFormat.segments(walDir), segment) < 0) {
                return progressed;
            }
            drained = drain(sink, true);
            if (drained < 0) {
                return progressed;
            }
            progressed |= drained > 0;
            live.close();
            live = null;
            segment++;
            delivered = 0;
            hold.advance(segment);
            reading = segment;
        }
        return progressed;
    }

    /**
     * Delivers every complete record of the live segment ({@code complete}: the writer has moved on,
     * so what is left is all there will be); -1 when the sink asked to stop.
     */
    private int drain(Sink sink, boolean complete) throws IOException {
        int n = 0;
        try {
            while (live.next(complete)) {
                if (!record(live.record(), live.length(), live.offset() >= samplesFrom, sink)) {
                    stopped = true;
                    return -1;
                }
                delivered = live.position();
                n++;
            }
        } catch (WalCorruptionException e) {
            if (!complete) {
                // Possibly a torn write still being completed: retry from the same record later.
                if (!e.getMessage().equals(lastProblem)) {
                    LOG.log(System.Logger.Level.WARNING, "WAL: " + e.getMessage() + "; retrying");
                    lastProblem = e.getMessage();
                }
                return n;
            }
            LOG.log(System.Logger.Level.WARNING, "WAL: " + e.getMessage() + "; skipping the rest of the segment");
        }
        return n;
    }

    private static int firstAfter(List<Integer> segs, int segment) {
        for (int s : segs) {
            if (s > segment) {
                return s;
            }
        }
        return -1;
    }

    private void readCheckpoint(Path dir, Sink sink) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int s : WalFormat.segments(dir)) {
            files.add(dir.resolve(WalFormat.segmentName(s)));
        }
        try (WalReader reader = new WalReader(files)) {
            while (reader.next()) {
                if (Records.type(reader.record(), reader.length()) == Records.SERIES) {
                    seriesSink = sink;
                    Records.decodeSeries(reader.record(), reader.length(), builder, seriesOut);
                }
            }
        } catch (WalCorruptionException e) {
            LOG.log(System.Logger.Level.WARNING, "WAL checkpoint " + dir + " is damaged: " + e.getMessage());
        }
    }

    private boolean record(byte[] rec, int len, boolean withSamples, Sink sink) {
        switch (Records.type(rec, len)) {
            case Records.SERIES -> {
                seriesSink = sink;
                Records.decodeSeries(rec, len, builder, seriesOut);
            }
            case Records.SAMPLES -> {
                if (withSamples) {
                    currentSink = sink;
                    sinkOk = true;
                    Records.decodeSamples(rec, len, dec, samples);
                    return sinkOk;
                }
            }
            default -> {
                // tombstones and other records do not concern remote write
            }
        }
        return true;
    }

    private void onSeries(long ref, Labels labels) {
        seriesSink.series(ref, labels, reading);
    }

    private void onSample(long ref, long t, double v) {
        if (sinkOk && t >= startMillis) {
            sinkOk = currentSink.sample(ref, t, v);
        }
    }

    /** Makes the polling thread stop at the next record; callable from any thread. */
    void stop() {
        stopped = true;
    }

    /** Releases the open segment. */
    void close() throws IOException {
        if (live != null) {
            live.close();
            live = null;
        }
    }
}
