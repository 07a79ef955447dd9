package io.epimetheus.tsdb.head;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.tsdb.chunks.ChunkSegmentReader;
import io.epimetheus.tsdb.chunks.HeadChunkFiles;
import io.epimetheus.tsdb.format.chunk.XorChunk;
import io.epimetheus.tsdb.format.chunk.XorIterator;
import io.epimetheus.tsdb.format.encoding.DecBuf;
import io.epimetheus.tsdb.format.record.Records;
import io.epimetheus.tsdb.format.wal.WalReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Rebuilds the head from WAL records (a checkpoint followed by segments): series are re-created
 * with their logged ids, samples appended in order, tombstones restored. Samples for unknown
 * series or older than the head's valid range are skipped and counted. A corrupt record stops the
 * replay with a {@link io.epimetheus.tsdb.format.wal.WalCorruptionException}; everything before it has
 * been applied.
 */
public final class WalReplay {

    /** What a replay did. */
    public static final class Result {
        public long records;
        public long series;
        public long samples;
        public long skippedUnknownSeries;
        public long skippedOld;
        public long tombstones;
    }

    private final Head head;
    private final Map<Long, MemSeries> byWalRef = new HashMap<>();
    private final ByteInterner strings = new ByteInterner();
    private final LabelsBuilder lb = new LabelsBuilder();
    private final DecBuf dec = new DecBuf();
    private final Result result = new Result();
    private long mint = Long.MAX_VALUE;
    private long maxt = Long.MIN_VALUE;
    private MemSeries last;
    private long lastRef = -1;

    private final Map<Long, List<HeadChunkFiles.Found>> mapped = new HashMap<>();

    public WalReplay(Head head) {
        this(head, List.of());
    }

    /** A replay that attaches the chunks {@code found} in the head chunk files to their series. */
    public WalReplay(Head head, List<HeadChunkFiles.Found> found) {
        this.head = head;
        for (HeadChunkFiles.Found f : found) {
            mapped.computeIfAbsent(f.seriesRef(), k -> new java.util.ArrayList<>()).add(f);
        }
    }

    public Result result() {
        return result;
    }


    /** Replays everything {@code r} yields. */
    public void replay(WalReader r) throws IOException {
        RecordPipe pipe = new RecordPipe(r);
        Thread reader = new Thread(pipe, "epimetheus-tsdb-wal-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            apply(pipe);
        } finally {
            reader.interrupt();
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One record travelling from the reader thread to the applying one. */
    private static final class Rec {
        byte[] buf = new byte[64 * 1024];
        int len;
        Exception error;
        boolean end;
    }

    /**
     * Reading, checking and decompressing records runs on a second thread while this one applies
     * them; record buffers cycle between the two, so the pipe allocates only while warming up.
     */
    private static final class RecordPipe implements Runnable {
        private static final int DEPTH = 8;
        private final WalReader r;
        private final ArrayBlockingQueue<Rec> free = new ArrayBlockingQueue<>(DEPTH);
        private final ArrayBlockingQueue<Rec> full = new ArrayBlockingQueue<>(DEPTH);

        RecordPipe(WalReader r) {
            this.r = r;
            for (int i = 0; i < DEPTH; i++) {
                free.add(new Rec());
            }
        }

        @Override
        public void run() {
            try {
                Rec out;
                while (true) {
                    boolean more;
                    try {
                        more = r.next();
                    } catch (IOException | RuntimeException e) {
                        out = free.take();
                        out.error = e;
                        full.put(out);
                        return;
                    }
                    out = free.take();
                    if (!more) {
                        out.end = true;
                        full.put(out);
                        return;
                    }
                    if (out.buf.length < r.length()) {
                        out.buf = new byte[Math.max(r.length(), out.buf.length * 2)];
                    }
                    System.arraycopy(r.record(), 0, out.buf, 0, r.length());
                    out.len = r.length();
                    full.put(out);
                }
            } catch (InterruptedException e) {
                // the applying side stopped early
            }
        }

        /** The next record, or null at the end; rethrows what the reader met. */
        Rec take() throws IOException {
            Rec o;
            try {
                o = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while replaying the WAL", e);
            }
            if (o.end) {
                return null;
            }
            if (o.error instanceof IOException e) {
                throw e;
            }
            if (o.error instanceof RuntimeException e) {
                throw e;
            }
            return o;
        }

        void recycle(Rec o) {
            free.add(o);
        }
    }

    /** Samples of one shard waiting to be applied. */
    private static final class Batch {
        static final int SIZE = 4096;
        final MemSeries[] series = new MemSeries[SIZE];
        final long[] ts = new long[SIZE];
        final double[] vs = new double[SIZE];
        int n;
        boolean end;
    }

    /** What one shard applied. */
    private static final class ShardResult {
        long samples;
        long skippedOld;
        long mint = Long.MAX_VALUE;
        long maxt = Long.MIN_VALUE;
        RuntimeException error;
    }

    /**
     * Applies the records. Samples are split by series id into two shards: this thread applies
     * one, a worker the other, so the cache misses of appending to a million cold series overlap.
     * A series is only ever touched by its shard's thread, and nothing else can see the head
     * while it is replayed, so no series locks are taken.
     */
    private void apply(RecordPipe pipe) throws IOException {
        long minValid = head.minValidTime();
        long chunkRange = head.chunkRange;
        long oooWindow = head.oooWindow;
        HeadChunkFiles files = head.chunkFiles();
        ArrayBlockingQueue<Batch> toWorker = new ArrayBlockingQueue<>(4);
        ArrayBlockingQueue<Batch> freeBatches = new ArrayBlockingQueue<>(6);
        for (int k = 0; k < 5; k++) {
            freeBatches.add(new Batch());
        }
        ShardResult mine = new ShardResult();
        ShardResult theirs = new ShardResult();
        Thread worker = new Thread(() -> {
            try {
                while (true) {
                    Batch b = toWorker.take();
                    if (b.end) {
                        return;
                    }
                    applyBatch(b, theirs, minValid, chunkRange, oooWindow, files);
                    b.n = 0;
                    freeBatches.add(b);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                theirs.error = e;
                // keep draining so the producer never blocks
                try {
                    while (!toWorker.take().end) {
                        // discard
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "epimetheus-tsdb-wal-apply");
        worker.setDaemon(true);
        worker.start();
        Batch[] current = {new Batch(), take(freeBatches)};
        try {
            Rec next;
            while ((next = pipe.take()) != null) {
                byte[] rec = next.buf;
                int len = next.len;
                result.records++;
                switch (Records.type(rec, len)) {
                    case Records.SERIES -> decodeSeries(rec, len);
                    case Records.SAMPLES -> Records.decodeSamples(rec, len, dec, (ref, t, v) -> {
                        MemSeries s = ref == lastRef ? last : lookup(ref);
                        if (s == null) {
                            result.skippedUnknownSeries++;
                            return;
                        }
                        int shard = s.ref & 1;
                        Batch b = current[shard];
                        b.series[b.n] = s;
                        b.ts[b.n] = t;
                        b.vs[b.n] = v;
                        if (++b.n == Batch.SIZE) {
                            if (shard == 0) {
                                applyBatch(b, mine, minValid, chunkRange, oooWindow, files);
                                b.n = 0;
                            } else {
                                put(toWorker, b);
                                current[1] = take(freeBatches);
                            }
                        }
                    });
                    case Records.TOMBSTONES -> Records.decodeTombstones(rec, len, (ref, a, b) -> {
                        MemSeries s = lookup(ref);
                        if (s != null) {
                            head.tombstones.add(s.ref & 0xFFFFFFFFL, a, b);
                            result.tombstones++;
                        }
                    });
                    default -> {
                        // exemplars, metadata, histograms: not kept by this head
                    }
                }
                pipe.recycle(next);
            }
        } finally {
            // Whatever happened, everything read so far is applied before returning.
            try {
                applyBatch(current[0], mine, minValid, chunkRange, oooWindow, files);
                put(toWorker, current[1]);
            } finally {
                Batch end = new Batch();
                end.end = true;
                put(toWorker, end);
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (ShardResult r : new ShardResult[] {mine, theirs}) {
                result.samples += r.samples;
                result.skippedOld += r.skippedOld;
                mint = Math.min(mint, r.mint);
                maxt = Math.max(maxt, r.maxt);
            }
        }
        if (theirs.error != null) {
            throw theirs.error;
        }
    }

    private static <T> T take(ArrayBlockingQueue<T> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying the WAL", e);
        }
    }

    private static <T> void put(ArrayBlockingQueue<T> q, T v) {
        try {
            q.put(v);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying the WAL", e);
        }
    }

    private static void applyBatch(Batch b, ShardResult r, long minValid, long chunkRange, long oooWindow,
            HeadChunkFiles files) {
        for (int k = 0; k < b.n; k++) {
            MemSeries s = b.series[k];
            long t = b.ts[k];
            double v = b.vs[k];
            b.series[k] = null;
            if (s.open == null && s.nClosed > 0 && t <= s.lastT) {
                // Within the chunks loaded from the chunk files: logged samples in time order are
                // there already, one behind them was out of order and belongs to the buffer below.
                if (t >= s.mappedReplayedT) {
                    s.mappedReplayedT = t;
                    continue;
                }
            }
            if (oooWindow > 0 && (t < minValid || t <= s.lastT)) {
                if (s.insertOoo(t, v) != MemSeries.OOO_CONFLICT) {
                    r.samples++;
                }
                continue;
            }
            if (t < minValid) {
                r.skippedOld++;
                continue;
            }
            if (t > s.lastT) {
                s.append(t, v, chunkRange, files);
                r.samples++;
                if (t < r.mint) {
                    r.mint = t;
                }
                if (t > r.maxt) {
                    r.maxt = t;
                }
            }
        }
    }

    private MemSeries lookup(long ref) {
        // Logged ids are the series' own, except for labels logged twice under two ids.
        MemSeries s = ref > 0 && ref <= Integer.MAX_VALUE ? head.byRef((int) ref) : null;
        if (s == null && !byWalRef.isEmpty()) {
            s = byWalRef.get(ref);
        }
        last = s;
        lastRef = s == null ? -1 : ref;
        return s;
    }

    /** Decodes a series record, interning names and values straight from the record bytes. */
    private void decodeSeries(byte[] rec, int len) {
        DecBuf d = dec.reset(rec, 1, len);
        while (d.remaining() > 0) {
            long ref = d.getBE64();
            int n = d.getUvarintInt();
            LabelsBuilder b = lb.reset();
            for (int i = 0; i < n; i++) {
                String name = internNext(d);
                String value = internNext(d);
                b.set(name, value);
            }
            series(ref, b.build());
        }
    }

    private String internNext(DecBuf d) {
        int n = d.getUvarintInt();
        int at = d.pos();
        d.skip(n);
        return strings.intern(d.array(), at, n);
    }

    private void series(long ref, Labels labels) {
        if (ref <= 0 || ref > Integer.MAX_VALUE) {
            result.skippedUnknownSeries++;
            return;
        }
        MemSeries s = head.createForReplay((int) ref, labels);
        if (s.ref != ref) {
            byWalRef.put(ref, s);
        }
        result.series++;
        List<HeadChunkFiles.Found> chunks = mapped.isEmpty() ? null : mapped.remove(ref);
        if (chunks != null) {
            attach(s, chunks);
        }
    }

    /** Attaches the still-needed chunks found in the chunk files to a replayed series. */
    private void attach(MemSeries s, List<HeadChunkFiles.Found> chunks) {
        chunks.sort(java.util.Comparator.comparingLong(HeadChunkFiles.Found::mint));
        long minValid = head.minValidTime();
        long[] refs = new long[chunks.size()];
        long[] mints = new long[refs.length];
        long[] maxts = new long[refs.length];
        int n = 0;
        long prevMax = Long.MIN_VALUE;
        for (HeadChunkFiles.Found f : chunks) {
            if (f.encoding() != XorChunk.ENCODING || f.maxt() < minValid || f.mint() <= prevMax) {
                // not a float chunk in order (histograms, Prometheus's out-of-order chunks), persisted
                // in a block already, or overlapping a chunk kept
                continue;
            }
            refs[n] = f.ref();
            mints[n] = f.mint();
            maxts[n] = f.maxt();
            prevMax = f.maxt();
            n++;
        }
        if (n == 0) {
            return;
        }
        // The last value, so a repeated sample after restart is told apart from a changed one.
        ChunkSegmentReader.Location loc = new ChunkSegmentReader.Location();
        head.chunkFiles().locate(refs[n - 1], loc);
        byte[] data = new byte[loc.len];
        loc.buf.get(loc.pos, data, 0, loc.len);
        XorIterator it = new XorIterator().reset(data, 0, data.length);
        long lastBits = 0;
        while (it.next()) {
            lastBits = Double.doubleToRawLongBits(it.v());
        }
        synchronized (s) {
            s.attachMapped(refs, mints, maxts, n, lastBits);
        }
        if (mints[0] < mint) {
            mint = mints[0];
        }
        if (maxts[n - 1] > maxt) {
            maxt = maxts[n - 1];
        }
    }


    /** Publishes the replayed time range to the head; call after the last {@link #replay}. */
    public void finishReplay() {
        if (maxt != Long.MIN_VALUE) {
            head.updateTimes(mint, maxt);
        }
    }
}
