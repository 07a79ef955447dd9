package io.epimetheus.tsdb.format.wal;

import static io.epimetheus.tsdb.format.wal.WalFormat.FIRST;
import static io.epimetheus.tsdb.format.wal.WalFormat.FULL;
import static io.epimetheus.tsdb.format.wal.WalFormat.HEADER_SIZE;
import static io.epimetheus.tsdb.format.wal.WalFormat.LAST;
import static io.epimetheus.tsdb.format.wal.WalFormat.MIDDLE;
import static io.epimetheus.tsdb.format.wal.WalFormat.PAGE_SIZE;
import static io.epimetheus.tsdb.format.wal.WalFormat.PAGE_TERM;
import static io.epimetheus.tsdb.format.wal.WalFormat.SNAPPY;
import static io.epimetheus.tsdb.format.wal.WalFormat.TYPE_MASK;
import static io.epimetheus.tsdb.format.wal.WalFormat.ZSTD;

import io.epimetheus.tsdb.format.encoding.ByteOrderAccess;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import io.epimetheus.tsdb.format.snappy.SnappyException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the records of one WAL segment: fragments are checked (type, length, CRC32C), reassembled
 * and decompressed. The one parser serves both readers Prometheus has: replaying a complete
 * segment ({@code next(true)}, through {@link WalReader}) and following a segment that is still
 * being written ({@code next(false)}), where a record not yet completely on disk ends the call
 * and the next call continues from there, reading only what was appended since.
 *
 * <p>Damage is a {@link WalCorruptionException} naming the offset of the first fragment of the
 * damaged record: everything before it is intact. After one, the reader stands again after the
 * last record it returned and forgets what it buffered, so a follower may retry (a write that was
 * still landing) or give up on the segment. Allocates only while its buffers grow. Not
 * thread-safe.
 */
public final class SegmentReader implements Closeable {

    private static final int READ_AHEAD = 4 * PAGE_SIZE;

    private final Path file;
    private final FileChannel ch;
    private final CRC32C crc = new CRC32C();
    private byte[] buf = new byte[READ_AHEAD];
    private int bufLen;
    private long bufStart; // file offset of buf[0]

    // The parse state survives a call that found no complete record.
    private long next; // offset of the next fragment
    private boolean inRecord;
    private int flags;
    private long recStart; // offset of the current record's first fragment
    private byte[] rec = new byte[4096];
    private int recLen;

    private byte[] out = new byte[4096];
    private int outLen;
    private long lastStart; // offset of the last record returned
    private long end; // offset just past the last record returned

    /** Opens {@code file} to read from its start. */
    public SegmentReader(Path file) throws IOException {
        this(file, 0);
    }

    /**
     * Opens {@code file} to read from {@code offset}, which must be a record boundary: 0 or a
     * {@link #position()} this or another reader reached.
     */
    public SegmentReader(Path file, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        this.file = file;
        this.ch = FileChannel.open(file, StandardOpenOption.READ);
        this.next = offset;
        this.end = offset;
        this.lastStart = offset;
        this.bufStart = offset;
    }

    /** The segment file. */
    public Path file() {
        return file;
    }

    /** The decoded record after a {@code true} {@link #next}: {@code record()[0, length())}. */
    public byte[] record() {
        return out;
    }

    public int length() {
        return outLen;
    }

    /** The offset of the last returned record's first fragment. */
    public long offset() {
        return lastStart;
    }

    /** The offset just past the last returned record: where a new reader would continue. */
    public long position() {
        return end;
    }

    /**
     * Advances to the next record.
     *
     * @param complete whether the segment is complete (no writer appends to it any more): then its
     *     end may cut a page of padding short and a record cut short is damage; otherwise the end of
     *     the data means "not yet"
     * @return {@code false} at the end of a complete segment, or when no further record is
     *     completely written yet (call again after the writer appended more)
     * @throws WalCorruptionException if the data is damaged
     */
    public boolean next(boolean complete) throws IOException {
        while (true) {
            int inPage = (int) (next % PAGE_SIZE);
            if (PAGE_SIZE - inPage < HEADER_SIZE) {
                next += PAGE_SIZE - inPage; // no room for a header: the writer padded the page
                continue;
            }
            if (!available(next, 1)) {
                if (complete && inRecord) {
                    throw corruption(recStart, "record cut short at the end of the segment");
                }
                return false;
            }
            int type = buf[(int) (next - bufStart)] & 0xFF;
            if (type == PAGE_TERM) {
                if (!skipPadding(inPage, complete)) {
                    return false;
                }
                continue;
            }
            long at = inRecord ? recStart : next;
            if (!available(next, HEADER_SIZE)) {
                if (complete) {
                    throw corruption(at, "fragment header cut short");
                }
                return false;
            }
            int kind = type & TYPE_MASK;
            if ((type & ZSTD) != 0) {
                throw corruption(next, "zstd-compressed records are not supported");
            }
            if ((type & ~(TYPE_MASK | SNAPPY)) != 0 || kind == PAGE_TERM || kind > LAST) {
                throw corruption(at, "invalid fragment type " + type);
            }
            int o = (int) (next - bufStart);
            int len = ((buf[o + 1] & 0xFF) << 8) | (buf[o + 2] & 0xFF);
            if (inPage + HEADER_SIZE + len > PAGE_SIZE) {
                throw corruption(at, "fragment of " + len + " bytes runs past the end of its page");
            }
            if (!available(next, HEADER_SIZE + len)) {
                if (complete) {
                    throw corruption(at, "fragment of " + len + " bytes cut short at the end of the segment");
                }
                return false;
            }
            o = (int) (next - bufStart);
            crc.reset();
            crc.update(buf, o + HEADER_SIZE, len);
            if ((int) crc.getValue() != ByteOrderAccess.getIntBE(buf, o + 3)) {
                throw corruption(at, "checksum mismatch");
            }
            if (!inRecord) {
                if (kind == MIDDLE || kind == LAST) {
                    throw corruption(next, "record starts with a " + (kind == MIDDLE ? "middle" : "last") + " fragment");
                }
                recStart = next;
                flags = type & SNAPPY;
                recLen = 0;
            } else if (kind == FULL || kind == FIRST) {
                throw corruption(recStart, "record is missing its last fragment");
            }
            append(o + HEADER_SIZE, len);
            next += HEADER_SIZE + len;
            if (kind == FULL || kind == LAST) {
                inRecord = false;
                finish();
                lastStart = recStart;
                end = next;
                return true;
            }
            inRecord = true;
        }
    }

    /**
     * Skips the zero padding that fills the rest of a page. A follower waits until the whole page
     * is on disk; the end of a complete segment may cut it short (a crash while padding).
     */
    private boolean skipPadding(int inPage, boolean complete) throws IOException {
        int rest = PAGE_SIZE - inPage;
        if (!available(next, rest)) {
            if (!complete) {
                return false;
            }
            rest = (int) (bufStart + bufLen - next);
        }
        int o = (int) (next - bufStart);
        for (int i = 0; i < rest; i++) {
            if (buf[o + i] != 0) {
                throw corruption(next + i, "non-zero bytes in page padding");
            }
        }
        if (inRecord) {
            throw corruption(recStart, "record ends with page padding");
        }
        next += rest;
        return true;
    }

    private void append(int off, int len) {
        if (recLen + len > rec.length) {
            rec = Arrays.copyOf(rec, Math.max(rec.length * 2, recLen + len));
        }
        System.arraycopy(buf, off, rec, recLen, len);
        recLen += len;
    }

    private void finish() {
        if ((flags & SNAPPY) != 0) {
            try {
                int n = SnappyBlock.decodedLength(rec, 0, recLen);
                if (out.length < n) {
                    out = new byte[Math.max(n, out.length * 2)];
                }
                outLen = SnappyBlock.decode(rec, 0, recLen, out);
            } catch (SnappyException e) {
                throw corruption(recStart, "undecodable compressed record: " + e.getMessage());
            }
        } else {
            if (out.length < recLen) {
                out = new byte[Math.max(recLen, out.length * 2)];
            }
            System.arraycopy(rec, 0, out, 0, recLen);
            outLen = recLen;
        }
    }

    /**
     * Whether bytes {@code [from, from+n)} of the file are in the buffer, reading as much as fits
     * when they are not. Only the fragment being parsed is kept: earlier fragments of its record
     * are already in {@code rec}.
     */
    private boolean available(long from, int n) throws IOException {
        long to = from + n;
        if (from >= bufStart && to <= bufStart + bufLen) {
            return true;
        }
        if (next < bufStart || next > bufStart + bufLen) {
            bufStart = next;
            bufLen = 0;
        } else if (next > bufStart) {
            int drop = (int) (next - bufStart);
            System.arraycopy(buf, drop, buf, 0, bufLen - drop);
            bufLen -= drop;
            bufStart = next;
        }
        if (to - bufStart > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.max(to - bufStart, buf.length * 2L));
        }
        while (bufStart + bufLen < to) {
            int r = ch.read(ByteBuffer.wrap(buf, bufLen, buf.length - bufLen), bufStart + bufLen);
            if (r <= 0) {
                return false;
            }
            bufLen += r;
        }
        return true;
    }

    /** Reports damage and returns to the last record boundary, dropping what was buffered. */
    private WalCorruptionException corruption(long offset, String message) {
        next = end;
        inRecord = false;
        recLen = 0;
        bufStart = end;
        bufLen = 0;
        return new WalCorruptionException(file, offset, message);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
