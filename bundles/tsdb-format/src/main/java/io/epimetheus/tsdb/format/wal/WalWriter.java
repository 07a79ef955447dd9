package io.epimetheus.tsdb.format.wal;

import static io.epimetheus.tsdb.format.wal.WalFormat.FIRST;
import static io.epimetheus.tsdb.format.wal.WalFormat.FULL;
import static io.epimetheus.tsdb.format.wal.WalFormat.HEADER_SIZE;
import static io.epimetheus.tsdb.format.wal.WalFormat.LAST;
import static io.epimetheus.tsdb.format.wal.WalFormat.MIDDLE;
import static io.epimetheus.tsdb.format.wal.WalFormat.PAGE_SIZE;
import static io.epimetheus.tsdb.format.wal.WalFormat.SNAPPY;

import io.epimetheus.tsdb.format.encoding.ByteOrderAccess;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Appends records to a WAL directory in Prometheus's segment format. Every {@link #log} hands
 * the bytes to the operating system before it returns, so a killed process loses nothing it
 * logged; {@link #sync} (or {@code syncEveryLog}) makes them survive a machine crash too. A
 * writer always starts a fresh segment, so it never appends to a file a crash may have torn.
 *
 * <p>Not thread-safe: the head serialises writers.
 */
public final class WalWriter implements Closeable {

    private final Path dir;
    private final long segmentSize;
    private final boolean compress;
    private final boolean syncEveryLog;
    private final byte[] page = new byte[PAGE_SIZE];
    private final CRC32C crc = new CRC32C();
    private final SnappyBlock snappy = new SnappyBlock();
    private byte[] compressed = new byte[0];

    private final ChannelOpener opener;
    private FileChannel seg;
    private boolean broken;
    private int segIndex;
    private int donePages;
    private int pageUsed;
    private int pageFlushed;

    /** Opens a writer on a new segment after the last one in {@code dir}. */
    public WalWriter(Path dir, long segmentSize, boolean compress, boolean syncEveryLog) throws IOException {
        this(dir, segmentSize, compress, syncEveryLog, ChannelOpener.DEFAULT);
    }

    /** As above, opening segment files through {@code opener} (tests inject failing channels). */
    public WalWriter(Path dir, long segmentSize, boolean compress, boolean syncEveryLog, ChannelOpener opener)
            throws IOException {
        this.opener = opener;
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.compress = compress;
        this.syncEveryLog = syncEveryLog;
        Files.createDirectories(dir);
        List<Integer> existing = WalFormat.segments(dir);
        openSegment(existing.isEmpty() ? 0 : existing.get(existing.size() - 1) + 1);
    }

    public Path dir() {
        return dir;
    }

    /** The number of the segment being written. */
    public int currentSegment() {
        return segIndex;
    }

    private void openSegment(int index) throws IOException {
        segIndex = index;
        seg = opener.open(dir.resolve(WalFormat.segmentName(index)));
        donePages = 0;
        pageUsed = 0;
        pageFlushed = 0;
    }

    /**
     * Closes the current segment (padding its last page) and starts the next one; returns the
     * number of the new segment.
     */
    public int nextSegment() throws IOException {
        if (broken) {
            openSegment(segIndex + 1);
            broken = false;
            return segIndex;
        }
        if (pageUsed > 0) {
            padPage();
        }
        seg.force(false);
        seg.close();
        openSegment(segIndex + 1);
        return segIndex;
    }

    /** Writes the record {@code rec[0, len)} and hands it to the OS. */
    public void log(byte[] rec, int len) throws IOException {
        log(new byte[][] {rec}, new int[] {len}, 1);
    }

    /**
     * Writes several records in one go. All or none of them are logged: when writing fails (a
     * full disk), the segment is cut back to where it was and the next call continues in a new
     * segment, so a failed batch never reaches the log.
     */
    public void log(byte[][] recs, int[] lens, int count) throws IOException {
        if (broken) {
            openSegment(segIndex + 1);
            broken = false;
        }
        // A batch never spans segments: cut first if it may not fit (sizes before compression).
        long need = 0;
        for (int i = 0; i < count; i++) {
            need += lens[i] + (long) HEADER_SIZE * (lens[i] / (PAGE_SIZE - HEADER_SIZE) + 2);
        }
        long used = (long) donePages * PAGE_SIZE + pageUsed;
        if (used > 0 && used + need > segmentSize) {
            nextSegment();
        }
        long start = (long) donePages * PAGE_SIZE + pageUsed;
        try {
            for (int i = 0; i < count; i++) {
                writeRecord(recs[i], lens[i]);
            }
            flushPage();
            if (syncEveryLog) {
                seg.force(false);
            }
        } catch (IOException | RuntimeException e) {
            abandonSegment(start);
            throw e;
        }
    }

    private void abandonSegment(long goodLength) {
        broken = true;
        try {
            seg.truncate(goodLength);
            seg.force(false);
        } catch (IOException ignored) {
            // The reader stops at the first bad fragment of the tail anyway.
        }
        try {
            seg.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }

    /** Forces everything written to disk. */
    public void sync() throws IOException {
        if (!broken) {
            seg.force(false);
        }
    }

    private void writeRecord(byte[] rec, int len) throws IOException {
        int flag = 0;
        byte[] data = rec;
        int dataLen = len;
        if (compress && len > 0) {
            int max = SnappyBlock.maxEncodedLength(len);
            if (compressed.length < max) {
                compressed = new byte[max];
            }
            int n = snappy.encode(rec, 0, len, compressed);
            if (n < len) {
                data = compressed;
                dataLen = n;
                flag = SNAPPY;
            }
        }
        int off = 0;
        boolean first = true;
        do {
            if (PAGE_SIZE - pageUsed <= HEADER_SIZE) {
                padPage();
            }
            int room = PAGE_SIZE - pageUsed - HEADER_SIZE;
            int n = Math.min(room, dataLen - off);
            boolean last = off + n == dataLen;
            int type = first ? (last ? FULL : FIRST) : (last ? LAST : MIDDLE);
            crc.reset();
            crc.update(data, off, n);
            page[pageUsed] = (byte) (type | flag);
            page[pageUsed + 1] = (byte) (n >>> 8);
            page[pageUsed + 2] = (byte) n;
            ByteOrderAccess.putIntBE(page, pageUsed + 3, (int) crc.getValue());
            System.arraycopy(data, off, page, pageUsed + HEADER_SIZE, n);
            pageUsed += HEADER_SIZE + n;
            off += n;
            first = false;
            if (pageUsed == PAGE_SIZE) {
                flushPage();
                nextPage();
            }
        } while (off < dataLen);
    }

    /** Zero-fills the rest of the page, writes it out and starts a new page. */
    private void padPage() throws IOException {
        Arrays.fill(page, pageUsed, PAGE_SIZE, (byte) 0);
        pageUsed = PAGE_SIZE;
        flushPage();
        nextPage();
    }

    private void nextPage() {
        donePages++;
        pageUsed = 0;
        pageFlushed = 0;
    }

    private void flushPage() throws IOException {
        if (pageFlushed == pageUsed) {
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(page, pageFlushed, pageUsed - pageFlushed);
        long pos = (long) donePages * PAGE_SIZE + pageFlushed;
        while (bb.hasRemaining()) {
            pos += seg.write(bb, pos);
        }
        pageFlushed = pageUsed;
    }

    /** Pads the last page, syncs and closes the segment. */
    @Override
    public void close() throws IOException {
        if (broken || !seg.isOpen()) {
            return;
        }
        try {
            if (pageUsed > 0) {
                padPage();
            }
            seg.force(false);
        } finally {
            seg.close();
        }
    }
}
