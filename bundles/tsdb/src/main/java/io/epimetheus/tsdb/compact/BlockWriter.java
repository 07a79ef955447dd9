package io.epimetheus.tsdb.compact;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.block.BlockMeta;
import io.epimetheus.tsdb.chunks.ChunkSegmentWriter;
import io.epimetheus.tsdb.format.chunk.XorChunk;
import io.epimetheus.tsdb.index.IndexWriter;
import io.epimetheus.tsdb.querier.ChunksIterator;
import io.epimetheus.tsdb.querier.MergeSeriesSet;
import io.epimetheus.tsdb.tombstones.Tombstones;
import io.epimetheus.tsdb.tombstones.TombstonesFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Writes one block from label-sorted series sets (head and/or blocks, oldest first) over {@code
 * [mint, maxt)}. A series found in one source whose chunks lie inside the range untouched by
 * deletions is copied chunk by chunk; anything else (overlaps, deletions, chunks crossing the
 * range) is decoded, merged and re-encoded into chunks of up to 120 samples. The block is built
 * in {@code <ulid>.tmp-for-creation} and renamed into place once complete and synced.
 */
public final class BlockWriter {

    private static final String TMP_SUFFIX = ".tmp-for-creation";
    private static final int SAMPLES_PER_CHUNK = 120;

    private BlockWriter() {
    }

    /**
     * Writes the block and returns its directory, or {@code null} when the sources held no
     * samples in range.
     *
     * @param parent the data directory
     * @param symbols every label name and value that may occur (a superset is fine)
     * @param sources opens the sources' series sets, each sorted by labels and limited to
     *     {@code [mint, maxt - 1]}
     * @param meta ULID, range, level, sources and parents of the new block (stats are filled in)
     */
    public static Path write(Path parent, Collection<String> symbols, Supplier<SeriesSet[]> sources, BlockMeta meta)
            throws IOException {
        Path tmp = parent.resolve(meta.ulid() + TMP_SUFFIX);
        FileUtil.deleteRecursively(tmp);
        Files.createDirectories(tmp);
        long numSeries = 0;
        long numChunks = 0;
        long numSamples = 0;
        try {
            String[] syms = symbols.toArray(new String[0]);
            Arrays.sort(syms, Labels::compareStrings);
            syms = distinct(syms);
            try (ChunkSegmentWriter cw = new ChunkSegmentWriter(tmp.resolve("chunks"));
                    IndexWriter iw = new IndexWriter(tmp.resolve("index"))) {
                iw.addSymbols(syms);
                SeriesSet[] sets = sources.get();
                SeriesSet merged = sets.length == 1 ? sets[0] : new MergeSeriesSet(sets);
                ChunkOut out = new ChunkOut();
                SampleIterator reuse = null;
                while (merged.next()) {
                    out.clear();
                    SampleIterator it = merged.iterator(reuse);
                    if (it instanceof ChunksIterator ci && ci.chunksCopyable()) {
                        reuse = it;
                        for (int c = 0; c < ci.chunkCount(); c++) {
                            byte[] a = ci.chunkArray(c);
                            int off = ci.chunkOffset(c);
                            int n = ((a[off] & 0xFF) << 8) | (a[off + 1] & 0xFF);
                            if (n == 0) {
                                continue;
                            }
                            long ref = cw.write(XorChunk.ENCODING, a, off, ci.chunkLength(c));
                            out.add(ci.chunkMint(c), ci.chunkMaxt(c), ref, n);
                        }
                    } else {
                        if (it instanceof ChunksIterator) {
                            reuse = it;
                        }
                        reencode(it, cw, out);
                    }
                    if (out.n == 0) {
                        continue;
                    }
                    iw.addSeries(merged.labels(), out.mint, out.maxt, out.refs, out.n);
                    numSeries++;
                    numChunks += out.n;
                    numSamples += out.samples;
                }
            }
            if (numSeries == 0) {
                FileUtil.deleteRecursively(tmp);
                return null;
            }
            TombstonesFile.write(tmp, new Tombstones());
            meta.withStats(numSamples, numSeries, numChunks, 0).write(tmp);
            FileUtil.syncDir(tmp);
            Path dst = parent.resolve(meta.ulid());
            FileUtil.replace(tmp, dst);
            return dst;
        } catch (IOException | RuntimeException e) {
            FileUtil.deleteRecursively(tmp);
            throw e;
        }
    }

    private static String[] distinct(String[] sorted) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || !sorted[n - 1].equals(sorted[i])) {
                sorted[n++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, n);
    }

    private static void reencode(SampleIterator it, ChunkSegmentWriter cw, ChunkOut out) throws IOException {
        XorChunk c = new XorChunk(256);
        long cmint = 0;
        while (it.next() == ValueType.FLOAT) {
            if (c.numSamples() == 0) {
                cmint = it.t();
            }
            c.append(it.t(), it.v());
            if (c.numSamples() == SAMPLES_PER_CHUNK) {
                out.add(cmint, c.lastT(), cw.write(XorChunk.ENCODING, c.array(), 0, c.byteLength()), c.numSamples());
                c.reset();
            }
        }
        if (c.numSamples() > 0) {
            out.add(cmint, c.lastT(), cw.write(XorChunk.ENCODING, c.array(), 0, c.byteLength()), c.numSamples());
        }
    }

    /** Chunk metadata of the series being written. */
    private static final class ChunkOut {
        long[] mint = new long[16];
        long[] maxt = new long[16];
        long[] refs = new long[16];
        int n;
        long samples;

        void clear() {
            n = 0;
            samples = 0;
        }

        void add(long lo, long hi, long ref, int count) {
            if (n == mint.length) {
                mint = Arrays.copyOf(mint, n * 2);
                maxt = Arrays.copyOf(maxt, n * 2);
                refs = Arrays.copyOf(refs, n * 2);
            }
            mint[n] = lo;
            maxt[n] = hi;
            refs[n] = ref;
            n++;
            samples += count;
        }
    }
}
