package io.epimetheus.tsdb.chunks;

import io.epimetheus.tsdb.format.encoding.CorruptionException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads chunks from a block's {@code chunks/} directory through read-only memory maps. Segment
 * files are ordered by their number; a reference's upper 32 bits index into that order.
 *
 * <p>Mappings are left to the garbage collector rather than unmapped, so a query still reading
 * a block that compaction or retention deleted keeps valid memory.
 */
public final class ChunkSegmentReader implements Closeable {

    private final MappedByteBuffer[] segs;
    private final long totalSize;

    public ChunkSegmentReader(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    files.add(p);
                }
            }
        }
        files.sort((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
                Long.parseLong(b.getFileName().toString())));
        segs = new MappedByteBuffer[files.size()];
        long total = 0;
        for (int i = 0; i < segs.length; i++) {
            try (FileChannel ch = FileChannel.open(files.get(i), StandardOpenOption.READ)) {
                long size = ch.size();
                if (size > Integer.MAX_VALUE) {
                    throw new CorruptionException("chunk segment " + files.get(i) + " is larger than 2 GiB");
                }
                if (size < ChunkSegmentWriter.HEADER_SIZE) {
                    throw new CorruptionException("chunk segment " + files.get(i) + " is shorter than its header");
                }
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
                if (m.getInt(0) != ChunkSegmentWriter.MAGIC) {
                    throw new CorruptionException("chunk segment " + files.get(i) + " has a bad magic number");
                }
                if (m.get(4) != 1) {
                    throw new CorruptionException("chunk segment " + files.get(i) + " has unknown version " + m.get(4));
                }
                segs[i] = m;
                total += size;
            }
        }
        totalSize = total;
    }

    public long size() {
        return totalSize;
    }

    /**
     * Locates a chunk: fills {@code loc} with the segment buffer, the position of the chunk data,
     * its length and encoding.
     */
    public void locate(long ref, Location loc) {
        int seq = (int) (ref >>> 32);
        int off = (int) ref;
        if (seq < 0 || seq >= segs.length) {
            throw new CorruptionException("chunk reference " + Long.toHexString(ref) + " names segment " + seq
                    + " but there are " + segs.length);
        }
        MappedByteBuffer b = segs[seq];
        if (off < ChunkSegmentWriter.HEADER_SIZE || off >= b.limit()) {
            throw new CorruptionException("chunk reference " + Long.toHexString(ref) + " points outside its segment");
        }
        long len = 0;
        int shift = 0;
        int p = off;
        while (true) {
            if (p >= b.limit() || shift > 35) {
                throw new CorruptionException("bad chunk length at reference " + Long.toHexString(ref));
            }
            int c = b.get(p++) & 0xFF;
            len |= (long) (c & 0x7F) << shift;
            if (c < 0x80) {
                break;
            }
            shift += 7;
        }
        if (p + 1 + len + 4 > b.limit()) {
            throw new CorruptionException("chunk at reference " + Long.toHexString(ref) + " runs past its segment");
        }
        loc.buf = b;
        loc.encoding = b.get(p) & 0xFF;
        loc.pos = p + 1;
        loc.len = (int) len;
    }

    /** Where a chunk is: reused by callers to avoid allocating per chunk. */
    public static final class Location {
        public MappedByteBuffer buf;
        public int pos;
        public int len;
        public int encoding;
    }

    @Override
    public void close() {
        // Mappings are released by the garbage collector; see the class comment.
    }
}
