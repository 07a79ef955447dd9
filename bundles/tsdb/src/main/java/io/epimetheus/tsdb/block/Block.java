package io.epimetheus.tsdb.block;

import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.chunks.ChunkSegmentReader;
import io.epimetheus.tsdb.index.IndexFile;
import io.epimetheus.tsdb.tombstones.Tombstones;
import io.epimetheus.tsdb.tombstones.TombstonesFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A persisted block opened for reading: its meta, index, chunks and tombstones. Immutable except
 * for tombstones, which deletions extend (and rewrite to disk).
 */
public final class Block {

    private final Path dir;
    private volatile BlockMeta meta;
    private final IndexFile index;
    private final ChunkSegmentReader chunks;
    private final Tombstones tombstones;
    private final long size;

    private Block(Path dir, BlockMeta meta, IndexFile index, ChunkSegmentReader chunks, Tombstones tombstones,
            long size) {
        this.dir = dir;
        this.meta = meta;
        this.index = index;
        this.chunks = chunks;
        this.tombstones = tombstones;
        this.size = size;
    }

    /** Opens the block in {@code dir}. */
    public static Block open(Path dir) throws IOException {
        BlockMeta meta = BlockMeta.read(dir);
        IndexFile index = new IndexFile(dir.resolve("index"));
        ChunkSegmentReader chunks = new ChunkSegmentReader(dir.resolve("chunks"));
        Tombstones ts = TombstonesFile.read(dir);
        return new Block(dir, meta, index, chunks, ts, FileUtil.sizeOf(dir));
    }

    public Path dir() {
        return dir;
    }

    public BlockMeta meta() {
        return meta;
    }

    public String ulid() {
        return meta.ulid();
    }

    public long minTime() {
        return meta.minTime();
    }

    /** Exclusive end of the block's range. */
    public long maxTime() {
        return meta.maxTime();
    }

    public IndexFile index() {
        return index;
    }

    public ChunkSegmentReader chunks() {
        return chunks;
    }

    public Tombstones tombstones() {
        return tombstones;
    }

    /** Bytes on disk. */
    public long size() {
        return size;
    }

    /** Whether the block has data in {@code [mint, maxt]}. */
    public boolean overlaps(long mint, long maxt) {
        return meta.minTime() <= maxt && mint < meta.maxTime();
    }

    /** Persists the tombstones and updates meta.json's count. */
    public synchronized void writeTombstones() throws IOException {
        TombstonesFile.write(dir, tombstones);
        BlockMeta m = meta.withStats(meta.numSamples(), meta.numSeries(), meta.numChunks(), tombstones.count());
        m.write(dir);
        meta = m;
    }

    @Override
    public String toString() {
        return "block " + meta.ulid() + " [" + meta.minTime() + ", " + meta.maxTime() + ")";
    }
}
