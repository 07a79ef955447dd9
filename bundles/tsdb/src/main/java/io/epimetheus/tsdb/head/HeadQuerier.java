package io.epimetheus.tsdb.head;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.tsdb.chunks.ChunkSegmentReader;
import io.epimetheus.tsdb.format.chunk.XorChunk;
import io.epimetheus.tsdb.index.PostingsForMatchers;
import io.epimetheus.tsdb.querier.ChunksIterator;
import io.epimetheus.tsdb.querier.LabelQueries;
import io.epimetheus.tsdb.querier.MergeIterator;
import io.epimetheus.tsdb.tombstones.Intervals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads the head over {@code [mint, maxt]}. A series' chunks are captured when its iterator is
 * created: full chunks are immutable and shared, the open chunk is copied under the series lock,
 * so appends running meanwhile never disturb a reader.
 *
 * <p>A querier sees the commits completed when it was opened and none of those in progress or
 * started later: their samples are hidden when iterators are created (see {@link Isolation}).
 * Close it, so series can forget which append wrote what. Use it from one thread at a time.
 */
public final class HeadQuerier implements Querier {

    private final Head head;
    private final long mint;
    private final long maxt;
    /** What this querier may see, or {@code null}: every sample applied so far. */
    private final Isolation.ReadState iso;
    /** Whether out-of-order samples are left out (compaction persists them separately). */
    private final boolean inOrderOnly;
    // The times of the current series' out-of-order samples hidden from this querier, sorted.
    private long[] hiddenOoo = new long[8];
    private int nHiddenOoo;

    /** A querier over {@code [mint, maxt]} that sees the commits completed by now. */
    public HeadQuerier(Head head, long mint, long maxt) {
        this(head, mint, maxt, head.isolation.openRead(mint, maxt), false);
    }

    private HeadQuerier(Head head, long mint, long maxt, Isolation.ReadState iso, boolean inOrderOnly) {
        this.head = head;
        this.mint = mint;
        this.maxt = maxt;
        this.iso = iso;
        this.inOrderOnly = inOrderOnly;
    }

    /**
     * A querier of the in-order samples applied so far, those of commits in progress included: for
     * head compaction, which first waits until no commit can still write in order into its range
     * ({@link Head#awaitAppenders}), and for heads nothing else appends to. Out-of-order samples
     * are persisted on their own ({@link #selectOutOfOrder}), from commits completed only.
     */
    public static HeadQuerier forCompaction(Head head, long mint, long maxt) {
        return new HeadQuerier(head, mint, maxt, null, true);
    }

    Isolation.ReadState isolationState() {
        return iso;
    }

    @Override
    public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
        int[] ids = PostingsForMatchers.select(head, matchers);
        List<MemSeries> out = new ArrayList<>(Math.min(ids.length, 1 << 16));
        for (int id : ids) {
            MemSeries s = head.byRef(id);
            if (s != null && hasDataIn(s)) {
                out.add(s);
            }
        }
        MemSeries[] arr = out.toArray(new MemSeries[0]);
        if (sorted) {
            Arrays.sort(arr, (a, b) -> a.labels.compareTo(b.labels));
        }
        return new HeadSeriesSet(arr);
    }

    /**
     * Whether a chunk of {@code s} overlaps the range and is not entirely deleted, with samples
     * this querier sees.
     */
    private boolean hasDataIn(MemSeries s) {
        Intervals deleted = head.deleted(s.ref);
        synchronized (s) {
            long hi = Math.min(maxt, hideUnseen(s, null));
            for (int i = 0; i < s.nClosed; i++) {
                if (live(s.closedMint[i], s.closedMaxt[i], hi, deleted)) {
                    return true;
                }
            }
            if (s.open != null && s.open.numSamples() > 0 && live(s.openMint, s.lastT, hi, deleted)) {
                return true;
            }
            return !inOrderOnly && hasVisibleOoo(s, mint, maxt);
        }
    }

    private boolean live(long cmint, long cmaxt, long hi, Intervals deleted) {
        return cmaxt >= mint && cmint <= hi
                && (deleted.isEmpty() || !deleted.covers(Math.max(mint, cmint), Math.min(hi, cmaxt)));
    }

    /**
     * Hides in {@code it} (when given) the in-order samples of {@code s} that appends this querier
     * does not see wrote before samples it does see, and returns the newest time it may read: just
     * before the hidden run that reaches the newest sample, if any. Caller holds the monitor.
     */
    private long hideUnseen(MemSeries s, ChunksIterator it) {
        if (iso == null) {
            return Long.MAX_VALUE;
        }
        long[] c = s.commits;
        int n = s.nCommits << 1;
        for (int i = 0; i < n; i += 2) {
            if ((c[i] & 1) != 0 || iso.sees(c[i] >>> 1)) {
                continue;
            }
            int j = i + 2;
            while (j < n && (c[j] & 1) != 0) {
                j += 2;
            }
            if (j == n) {
                return c[i + 1] - 1;
            }
            if (it != null) {
                it.hide(c[i + 1], c[j + 1] - 1);
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * Collects the times of the out-of-order samples of {@code s} hidden from this querier. Caller
     * holds the monitor.
     */
    private void collectHiddenOoo(MemSeries s) {
        nHiddenOoo = 0;
        if (iso == null) {
            return;
        }
        long[] c = s.commits;
        int n = s.nCommits << 1;
        for (int i = 0; i < n; i += 2) {
            if ((c[i] & 1) != 0 && !iso.sees(c[i] >>> 1)) {
                if (nHiddenOoo == hiddenOoo.length) {
                    hiddenOoo = Arrays.copyOf(hiddenOoo, nHiddenOoo * 2);
                }
                hiddenOoo[nHiddenOoo++] = c[i + 1];
            }
        }
        if (nHiddenOoo > 1) {
            Arrays.sort(hiddenOoo, 0, nHiddenOoo);
        }
    }

    private boolean oooHidden(long t) {
        return nHiddenOoo > 0 && Arrays.binarySearch(hiddenOoo, 0, nHiddenOoo, t) >= 0;
    }

    /**
     * Whether {@code s} has out-of-order samples in {@code [lo, hi]} this querier sees. Caller
     * holds the monitor.
     */
    private boolean hasVisibleOoo(MemSeries s, long lo, long hi) {
        if (!s.hasOooIn(lo, hi)) {
            return false;
        }
        collectHiddenOoo(s);
        if (nHiddenOoo == 0) {
            return true;
        }
        int i = Arrays.binarySearch(s.oooT, 0, s.nOoo, lo);
        for (i = i >= 0 ? i : -i - 1; i < s.nOoo && s.oooT[i] <= hi; i++) {
            if (!oooHidden(s.oooT[i])) {
                return true;
            }
        }
        return false;
    }

    private final class HeadSeriesSet implements SeriesSet {
        private final MemSeries[] series;
        private int i = -1;

        HeadSeriesSet(MemSeries[] series) {
            this.series = series;
        }

        @Override
        public boolean next() {
            return ++i < series.length;
        }

        @Override
        public Labels labels() {
            if (i < 0 || i >= series.length) {
                throw new NoSuchElementException("no current series");
            }
            return series[i].labels;
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            MemSeries s = series[i];
            ChunksIterator ooo = null;
            synchronized (s) {
                if (!inOrderOnly && hasVisibleOoo(s, mint, maxt)) {
                    ooo = new ChunksIterator();
                    fillOoo(s, ooo, mint, maxt);
                }
            }
            ChunksIterator it = reuse instanceof ChunksIterator c && ooo == null ? c : new ChunksIterator();
            fill(s, it);
            return ooo == null ? it : new MergeIterator(new SampleIterator[] {it, ooo});
        }
    }

    private final ChunkSegmentReader.Location loc = new ChunkSegmentReader.Location();

    /** Loads the chunks of {@code s} overlapping the querier's range into {@code it}. */
    void fill(MemSeries s, ChunksIterator it) {
        Intervals deleted = head.deleted(s.ref);
        it.reset(mint, maxt, deleted);
        synchronized (s) {
            long hi = Math.min(maxt, hideUnseen(s, it));
            it.limit(hi);
            for (int i = 0; i < s.nClosed; i++) {
                if (s.closedMaxt[i] >= mint && s.closedMint[i] <= hi) {
                    byte[] c = s.closed[i];
                    if (c != null) {
                        it.addChunk(c, 0, c.length, s.closedMint[i], s.closedMaxt[i]);
                    } else {
                        head.chunkFiles().locate(s.closedRef[i], loc);
                        it.addChunkCopy(loc.buf, loc.pos, loc.len, s.closedMint[i], s.closedMaxt[i]);
                    }
                }
            }
            if (s.open != null && s.open.numSamples() > 0 && s.lastT >= mint && s.openMint <= hi) {
                it.addChunkCopy(s.open.array(), 0, s.open.byteLength(), s.openMint, s.lastT);
            }
        }
    }

    /**
     * Loads the out-of-order samples of {@code s} in {@code [lo, hi]} this querier sees into
     * {@code it} as XOR chunks of up to 120 samples. Caller holds the series monitor.
     */
    void fillOoo(MemSeries s, ChunksIterator it, long lo, long hi) {
        it.reset(lo, hi, head.deleted(s.ref));
        collectHiddenOoo(s);
        XorChunk c = new XorChunk(256);
        long cmint = 0;
        for (int k = 0; k < s.nOoo; k++) {
            long t = s.oooT[k];
            if (t < lo || t > hi || oooHidden(t)) {
                continue;
            }
            if (c.numSamples() == 0) {
                cmint = t;
            }
            c.append(t, s.oooV[k]);
            if (c.numSamples() == MemSeries.SAMPLES_PER_CHUNK) {
                it.addChunkCopy(c.array(), 0, c.byteLength(), cmint, c.lastT());
                c.reset();
            }
        }
        if (c.numSamples() > 0) {
            it.addChunkCopy(c.array(), 0, c.byteLength(), cmint, c.lastT());
        }
    }

    /**
     * The series with out-of-order samples in {@code [lo, hi]}, sorted by labels, reading only
     * those samples: what compaction persists as out-of-order blocks.
     */
    public SeriesSet selectOutOfOrder(long lo, long hi) {
        List<MemSeries> out = new ArrayList<>();
        head.series.forEach(s -> {
            synchronized (s) {
                if (hasVisibleOoo(s, lo, hi)) {
                    out.add(s);
                }
            }
        });
        MemSeries[] arr = out.toArray(new MemSeries[0]);
        Arrays.sort(arr, (a, b) -> a.labels.compareTo(b.labels));
        return new SeriesSet() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < arr.length;
            }

            @Override
            public Labels labels() {
                return arr[i].labels;
            }

            @Override
            public SampleIterator iterator(SampleIterator reuse) {
                ChunksIterator it = reuse instanceof ChunksIterator c ? c : new ChunksIterator();
                synchronized (arr[i]) {
                    fillOoo(arr[i], it, lo, hi);
                }
                return it;
            }
        };
    }

    /**
     * Drops from the head the out-of-order samples before {@code t} that this querier sees, once
     * they are persisted (by {@link #selectOutOfOrder}); those of commits it does not see stay.
     */
    public void dropOutOfOrderBefore(long t) {
        head.series.forEach(s -> {
            synchronized (s) {
                if (s.nOoo > 0) {
                    collectHiddenOoo(s);
                    s.dropOooBefore(t, hiddenOoo, nHiddenOoo);
                }
            }
        });
    }

    @Override
    public List<String> labelValues(String name, int limit, Matcher... matchers) {
        if (matchers.length == 0) {
            return LabelQueries.limit(head.sortedValues(name, ""), limit);
        }
        int[] ids = PostingsForMatchers.select(head, matchers);
        return LabelQueries.valuesOf(name, limit, ids, head::labelsOf);
    }

    @Override
    public List<String> labelNames(int limit, Matcher... matchers) {
        if (matchers.length == 0) {
            return LabelQueries.limit(head.labelNames(), limit);
        }
        int[] ids = PostingsForMatchers.select(head, matchers);
        return LabelQueries.namesOf(limit, ids, head::labelsOf);
    }

    @Override
    public void close() {
        // Chunks a caller still reads stay reachable through its iterator; only the isolation
        // state is given back.
        if (iso != null) {
            iso.close();
        }
    }
}
