package io.epimetheus.tsdb.block;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.tsdb.chunks.ChunkSegmentReader;
import io.epimetheus.tsdb.format.chunk.XorChunk;
import io.epimetheus.tsdb.index.IndexFile;
import io.epimetheus.tsdb.index.PostingsForMatchers;
import io.epimetheus.tsdb.querier.ChunksIterator;
import io.epimetheus.tsdb.querier.LabelQueries;
import io.epimetheus.tsdb.tombstones.Intervals;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads one block over {@code [mint, maxt]}. Series come in label order (a block's series ids
 * are), decoded one at a time as the caller advances; chunks are copied out of the mapped chunk
 * files into the iterator's reusable arena. Chunks in encodings other than XOR (native
 * histograms) are skipped, since the storage API carries floats only.
 */
public final class BlockQuerier implements Querier {

    private final Block block;
    private final long mint;
    private final long maxt;

    public BlockQuerier(Block block, long mint, long maxt) {
        this.block = block;
        this.mint = mint;
        this.maxt = maxt;
    }

    @Override
    public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
        return new BlockSeriesSet(PostingsForMatchers.select(block.index(), matchers));
    }

    private final class BlockSeriesSet implements SeriesSet {
        private final int[] ids;
        private int i = -1;
        private final IndexFile.SeriesEntry entry = new IndexFile.SeriesEntry();
        private final LabelsBuilder lb = new LabelsBuilder();
        private final ChunkSegmentReader.Location loc = new ChunkSegmentReader.Location();
        private Intervals deleted = Intervals.NONE;
        private boolean valid;

        BlockSeriesSet(int[] ids) {
            this.ids = ids;
        }

        @Override
        public boolean next() {
            while (++i < ids.length) {
                block.index().series(ids[i], entry, lb);
                deleted = block.tombstones().get(ids[i] & 0xFFFFFFFFL);
                if (hasData()) {
                    valid = true;
                    return true;
                }
            }
            valid = false;
            return false;
        }

        private boolean hasData() {
            for (int c = 0; c < entry.n; c++) {
                if (entry.maxt[c] >= mint && entry.mint[c] <= maxt
                        && (deleted.isEmpty() || !deleted.covers(Math.max(mint, entry.mint[c]), Math.min(maxt, entry.maxt[c])))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Labels labels() {
            if (!valid) {
                throw new NoSuchElementException("no current series");
            }
            return entry.labels;
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            if (!valid) {
                throw new NoSuchElementException("no current series");
            }
            ChunksIterator it = reuse instanceof ChunksIterator c ? c : new ChunksIterator();
            it.reset(mint, maxt, deleted);
            for (int c = 0; c < entry.n; c++) {
                if (entry.maxt[c] < mint || entry.mint[c] > maxt) {
                    continue;
                }
                block.chunks().locate(entry.refs[c], loc);
                if (loc.encoding == XorChunk.ENCODING) {
                    it.addChunkCopy(loc.buf, loc.pos, loc.len, entry.mint[c], entry.maxt[c]);
                }
            }
            return it;
        }
    }

    @Override
    public List<String> labelValues(String name, int limit, Matcher... matchers) {
        if (matchers.length == 0) {
            return LabelQueries.limit(block.index().sortedValues(name, ""), limit);
        }
        int[] ids = PostingsForMatchers.select(block.index(), matchers);
        return LabelQueries.valuesOf(name, limit, ids, this::labelsOf);
    }

    @Override
    public List<String> labelNames(int limit, Matcher... matchers) {
        if (matchers.length == 0) {
            return LabelQueries.limit(block.index().labelNames(), limit);
        }
        int[] ids = PostingsForMatchers.select(block.index(), matchers);
        return LabelQueries.namesOf(limit, ids, this::labelsOf);
    }

    private Labels labelsOf(int id) {
        IndexFile.SeriesEntry e = new IndexFile.SeriesEntry();
        block.index().series(id, e, new LabelsBuilder());
        return e.labels;
    }

    @Override
    public void close() {
        // Blocks stay mapped for as long as anything references them.
    }
}
