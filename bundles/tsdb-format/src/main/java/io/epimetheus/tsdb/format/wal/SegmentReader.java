package io.epimetheus.remote.send;

import io.epimetheus.remote.codec.SnappyBlock;
import io.epimetheus.remote.codec.SnappyException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the records of one WAL segment while it is still being written (Prometheus has the same
 * split: a replay reader for complete segments and a live reader for the watcher). It keeps its
 * position, so each call reads only what was appended since, and it stops cleanly at a record
 * that is not completely written yet, returning to it on the next call.
 *
 * <p>The segment format is Prometheus's: 32 KiB pages of fragments {@code type(1) length(2, BE)
 * crc32c(4, BE) data}; type bits 0-2 say full (1), first (2), middle (3) or last (4) fragment, 0
 * pads the rest of a page; bit 3 marks a Snappy-compressed record. Not thread-safe.
 */
final class WalLiveReader implements Closeable {

    static final int PAGE_SIZE = 32 * 1024;
    private static final int HEADER = 7;
    private static final int FULL = 1;
    private static final int FIRST = 2;
    private static final int MIDDLE = 3;
    private static final int LAST = 4;
    private static final int SNAPPY = 0x08;
    private static final int ZSTD = 0x10;

    private final Path file;
    private final FileChannel ch;
    private final CRC32C crc = new CRC32C();
    private byte[] buf = new byte[PAGE_SIZE * 4];
    private int bufLen;
    private long bufStart; // file offset of buf[0]
    private long pos; // file offset of the next record's first fragment
    private byte[] rec = new byte[4096];
    private int recLen;
    private byte[] out = new byte[4096];
    private int outLen;

    WalLiveReader(Path file) throws IOException {
        this.file = file;
        this.ch = FileChannel.open(file, StandardOpenOption.READ);
    }

    /** The decoded record after a {@code true} {@link #next()}. */
    byte[] record() {
        return out;
    }

    int length() {
        return outLen;
    }

    /** The offset just past the last record returned. */
    long position() {
        return pos;
    }

    /**
     * Advances to the next complete record; {@code false} when none is complete yet (call again
     * after the writer appended more).
     *
     * @throws WalTailException if the data is damaged (only meaningful once the segment is complete)
     */
    boolean next() throws IOException {
        long p = pos;
        recLen = 0;
        boolean inRecord = false;
        int flags = 0;
        while (true) {
            int inPage = (int) (p % PAGE_SIZE);
            if (PAGE_SIZE - inPage < HEADER) {
                p += PAGE_SIZE - inPage; // too little room for a header: the writer moved on
                continue;
            }
            if (!available(p, 1)) {
                return false;
            }
            int type = buf[(int) (p - bufStart)] & 0xFF;
            if (type == 0) {
                // Padding to the end of the page; only skip it once the page is complete.
                long pageEnd = p + PAGE_SIZE - inPage;
                if (!available(pageEnd - 1, 1)) {
                    return false;
                }
                p = pageEnd;
                continue;
            }
            if (!available(p, HEADER)) {
                return false;
            }
            int o = (int) (p - bufStart);
            int kind = type & 7;
            if ((type & ZSTD) != 0 || (type & ~(7 | SNAPPY)) != 0 || kind > LAST) {
                throw new WalTailException(file + ": unsupported or invalid fragment type " + type + " at " + p);
            }
            int len = ((buf[o + 1] & 0xFF) << 8) | (buf[o + 2] & 0xFF);
            if (inPage + HEADER + len > PAGE_SIZE) {
                throw new WalTailException(file + ": fragment at " + p + " runs past its page");
            }
            if (!available(p, HEADER + len)) {
                return false;
            }
            o = (int) (p - bufStart);
            int sum = ((buf[o + 3] & 0xFF) << 24) | ((buf[o + 4] & 0xFF) << 16) | ((buf[o + 5] & 0xFF) << 8)
                    | (buf[o + 6] & 0xFF);
            crc.reset();
            crc.update(buf, o + HEADER, len);
            if ((int) crc.getValue() != sum) {
                throw new WalTailException(file + ": checksum mismatch in fragment at " + p);
            }
            boolean starts = kind == FULL || kind == FIRST;
            if (starts == inRecord) {
                throw new WalTailException(file + ": unexpected fragment kind " + kind + " at " + p);
            }
            if (!inRecord) {
                flags = type & SNAPPY;
            }
            if (recLen + len > rec.length) {
                rec = Arrays.copyOf(rec, Math.max(rec.length * 2, recLen + len));
            }
            System.arraycopy(buf, o + HEADER, rec, recLen, len);
            recLen += len;
            p += HEADER + len;
            if (kind == FULL || kind == LAST) {
                finish(flags, p);
                pos = p;
                return true;
            }
            inRecord = true;
        }
    }

    private void finish(int flags, long at) {
        if ((flags & SNAPPY) != 0) {
            try {
                int n = SnappyBlock.decodedLength(rec, 0, recLen);
                if (out.length < n) {
                    out = new byte[Math.max(n, out.length * 2)];
                }
                outLen = SnappyBlock.decode(rec, 0, recLen, out);
            } catch (SnappyException e) {
                throw new WalTailException(file + ": undecodable record ending at " + at + ": " + e.getMessage());
            }
        } else {
            if (out.length < recLen) {
                out = new byte[Math.max(recLen, out.length * 2)];
            }
            System.arraycopy(rec, 0, out, 0, recLen);
            outLen = recLen;
        }
    }

    /** Whether {@code [p, p+n)} of the file is in the buffer, reading more as needed. */
    private boolean available(long p, int n) throws IOException {
        if (p >= bufStart && p + n <= bufStart + bufLen) {
            return true;
        }
        // Drop what lies before the record being read, then fill from the file.
        long keepFrom = Math.min(pos, p);
        if (keepFrom > bufStart) {
            int drop = (int) Math.min(bufLen, keepFrom - bufStart);
            System.arraycopy(buf, drop, buf, 0, bufLen - drop);
            bufLen -= drop;
            bufStart += drop;
        }
        if (bufLen == 0) {
            bufStart = keepFrom;
        }
        long need = p + n - bufStart;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.max(need, buf.length * 2L));
        }
        while (bufStart + bufLen < p + n) {
            ByteBuffer bb = ByteBuffer.wrap(buf, bufLen, buf.length - bufLen);
            int r = ch.read(bb, bufStart + bufLen);
            if (r <= 0) {
                return false;
            }
            bufLen += r;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }

    /** Damaged WAL data. */
    static final class WalTailException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WalTailException(String message) {
            super(message);
        }
    }
}
