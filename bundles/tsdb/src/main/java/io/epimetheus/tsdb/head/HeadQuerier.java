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
 */
public final class HeadQuerier implements Querier {

    private final Head head;
    private final long mint;
    private final long maxt;

    public HeadQuerier(Head head, long mint, long maxt) {
        this.head = head;
        this.mint = mint;
        this.maxt = maxt;
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

    /** Whether a chunk of {@code s} overlaps the range and is not entirely deleted. */
    private boolean hasDataIn(MemSeries s) {
        Intervals deleted = head.deleted(s.ref);
        synchronized (s) {
            for (int i = 0; i < s.nClosed; i++) {
                if (live(s.closedMint[i], s.closedMaxt[i], deleted)) {
                    return true;
                }
            }
            if (s.open != null && s.open.numSamples() > 0 && live(s.openMint, s.lastT, deleted)) {
                return true;
            }
            return s.hasOooIn(mint, maxt);
        }
    }

    private boolean live(long cmint, long cmaxt, Intervals deleted) {
        return cmaxt >= mint && cmint <= maxt
                && (deleted.isEmpty() || !deleted.covers(Math.max(mint, cmint), Math.min(maxt, cmaxt)));
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
                if (s.hasOooIn(mint, maxt)) {
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
            for (int i = 0; i < s.nClosed; i++) {
                if (s.closedMaxt[i] >= mint && s.closedMint[i] <= maxt) {
                    byte[] c = s.closed[i];
                    if (c != null) {
                        it.addChunk(c, 0, c.length, s.closedMint[i], s.closedMaxt[i]);
                    } else {
                        head.chunkFiles().locate(s.closedRef[i], loc);
                        it.addChunkCopy(loc.buf, loc.pos, loc.len, s.closedMint[i], s.closedMaxt[i]);
                    }
                }
            }
            if (s.open != null && s.open.numSamples() > 0 && s.lastT >= mint && s.openMint <= maxt) {
                it.addChunkCopy(s.open.array(), 0, s.open.byteLength(), s.openMint, s.lastT);
            }
        }
    }

    /**
     * Loads the out-of-order samples of {@code s} in {@code [lo, hi]} into {@code it} as XOR
     * chunks of up to 120 samples. Caller holds the series monitor.
     */
    void fillOoo(MemSeries s, ChunksIterator it, long lo, long hi) {
        it.reset(lo, hi, head.deleted(s.ref));
        XorChunk c = new XorChunk(256);
        long cmint = 0;
        for (int k = 0; k < s.nOoo; k++) {
            long t = s.oooT[k];
            if (t < lo || t > hi) {
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
                if (s.hasOooIn(lo, hi)) {
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
        // Nothing is pinned: chunks a caller still reads stay reachable through its iterator.
    }
}
