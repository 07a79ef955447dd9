package io.epimetheus.tsdb.wal;

import static io.epimetheus.tsdb.wal.WalFormat.FIRST;
import static io.epimetheus.tsdb.wal.WalFormat.FULL;
import static io.epimetheus.tsdb.wal.WalFormat.HEADER_SIZE;
import static io.epimetheus.tsdb.wal.WalFormat.LAST;
import static io.epimetheus.tsdb.wal.WalFormat.MIDDLE;
import static io.epimetheus.tsdb.wal.WalFormat.PAGE_SIZE;
import static io.epimetheus.tsdb.wal.WalFormat.PAGE_TERM;
import static io.epimetheus.tsdb.wal.WalFormat.SNAPPY;
import static io.epimetheus.tsdb.wal.WalFormat.TYPE_MASK;
import static io.epimetheus.tsdb.wal.WalFormat.ZSTD;

import io.epimetheus.tsdb.encoding.ByteOrderAccess;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads the records of a sequence of WAL segment files in order, reassembling fragments and
 * undoing compression. A damaged fragment, a record cut short or a record that spans segments
 * ends reading with a {@link WalCorruptionException} giving the segment and the offset of the
 * record's first fragment — everything before that offset is intact.
 */
public final class WalReader implements Closeable {

    private final List<Path> files;
    private final byte[] page = new byte[PAGE_SIZE];
    private final CRC32C crc = new CRC32C();
    private int fileIdx = -1;
    private FileChannel ch;
    private long pageStart; // offset of page[0] in the current file
    private int pageLen; // valid bytes in page
    private int pagePos;

    private byte[] rec = new byte[4096];
    private int recLen;
    private byte[] out = new byte[4096];
    private int outLen;
    private long recStart;
    private int recSegmentIdx;

    public WalReader(List<Path> files) {
        this.files = files;
    }

    /** The decoded record after a {@code true} {@link #next()}: {@code record()[0, length())}. */
    public byte[] record() {
        return out;
    }

    public int length() {
        return outLen;
    }

    /** The file the last record came from. */
    public Path segment() {
        return files.get(recSegmentIdx);
    }

    /** The offset of the last record's first fragment in {@link #segment()}. */
    public long offset() {
        return recStart;
    }

    /** Advances to the next record; {@code false} after the last one. */
    public boolean next() throws IOException {
        recLen = 0;
        boolean inRecord = false;
        int flags = 0;
        while (true) {
            if (ch == null || pagePos >= pageLen || (pagePos + HEADER_SIZE > pageLen && pageLen == PAGE_SIZE)) {
                if (!nextPage(inRecord)) {
                    return false;
                }
                if (pagePos >= pageLen) {
                    continue;
                }
            }
            long fragStart = pageStart + pagePos;
            int type = page[pagePos] & 0xFF;
            if ((type & TYPE_MASK) == PAGE_TERM && (type & ~TYPE_MASK) == 0) {
                if (inRecord) {
                    throw corruption(recSegmentIdx, recStart, "record ends with page padding");
                }
                for (int i = pagePos; i < pageLen; i++) {
                    if (page[i] != 0) {
                        throw corruption(fileIdx, fragStart, "non-zero bytes in page padding");
                    }
                }
                pagePos = pageLen;
                continue;
            }
            if (pagePos + HEADER_SIZE > pageLen) {
                throw corruption(fileIdx, inRecord ? recStart : fragStart, "fragment header cut short");
            }
            int kind = type & TYPE_MASK;
            if ((type & ZSTD) != 0) {
                throw corruption(fileIdx, fragStart, "zstd-compressed records are not supported");
            }
            if ((type & ~(TYPE_MASK | SNAPPY)) != 0 || kind > LAST) {
                throw corruption(fileIdx, inRecord ? recStart : fragStart, "invalid fragment type " + type);
            }
            int len = ((page[pagePos + 1] & 0xFF) << 8) | (page[pagePos + 2] & 0xFF);
            int sum = ByteOrderAccess.getIntBE(page, pagePos + 3);
            int dataStart = pagePos + HEADER_SIZE;
            if (dataStart + len > pageLen) {
                throw corruption(fileIdx, inRecord ? recStart : fragStart, "fragment of " + len
                        + " bytes runs past the end of its page");
            }
            crc.reset();
            crc.update(page, dataStart, len);
            if ((int) crc.getValue() != sum) {
                throw corruption(fileIdx, inRecord ? recStart : fragStart, "checksum mismatch");
            }
            if (!inRecord) {
                if (kind != FULL && kind != FIRST) {
                    throw corruption(fileIdx, fragStart, "record starts with a " + (kind == MIDDLE ? "middle" : "last")
                            + " fragment");
                }
                recStart = fragStart;
                recSegmentIdx = fileIdx;
                flags = type & SNAPPY;
            } else if (kind == FULL || kind == FIRST) {
                throw corruption(recSegmentIdx, recStart, "record is missing its last fragment");
            }
            append(page, dataStart, len);
            pagePos = dataStart + len;
            if (kind == FULL || kind == LAST) {
                finish(flags);
                return true;
            }
            inRecord = true;
        }
    }

    private void append(byte[] b, int off, int len) {
        if (recLen + len > rec.length) {
            rec = Arrays.copyOf(rec, Math.max(rec.length * 2, recLen + len));
        }
        System.arraycopy(b, off, rec, recLen, len);
        recLen += len;
    }

    private void finish(int flags) {
        if ((flags & SNAPPY) != 0) {
            int n;
            try {
                n = Snappy.decodedLength(rec, 0, recLen);
                if (out.length < n) {
                    out = new byte[Math.max(n, out.length * 2)];
                }
                outLen = Snappy.decode(rec, 0, recLen, out);
            } catch (RuntimeException e) {
                throw corruption(recSegmentIdx, recStart, "undecodable compressed record: " + e.getMessage());
            }
        } else {
            if (out.length < recLen) {
                out = new byte[Math.max(recLen, out.length * 2)];
            }
            System.arraycopy(rec, 0, out, 0, recLen);
            outLen = recLen;
        }
    }

    /** Loads the next page, moving to the next file at the end of one. */
    private boolean nextPage(boolean inRecord) throws IOException {
        while (true) {
            if (ch != null) {
                long next = pageStart + pageLen;
                if (pageLen == PAGE_SIZE || pageLen == 0) {
                    pageStart = pageLen == 0 ? pageStart : next;
                    pageLen = readFully(pageStart);
                    pagePos = 0;
                    if (pageLen > 0) {
                        return true;
                    }
                }
                // End of this file: a record may not continue into the next one.
                if (inRecord) {
                    throw corruption(recSegmentIdx, recStart, "record cut short at the end of the segment");
                }
                ch.close();
                ch = null;
            }
            if (fileIdx + 1 >= files.size()) {
                return false;
            }
            fileIdx++;
            ch = FileChannel.open(files.get(fileIdx), StandardOpenOption.READ);
            pageStart = 0;
            pageLen = 0;
            pagePos = 0;
        }
    }

    private int readFully(long pos) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(page);
        while (bb.hasRemaining()) {
            int n = ch.read(bb, pos + bb.position());
            if (n < 0) {
                break;
            }
        }
        return bb.position();
    }

    private WalCorruptionException corruption(int idx, long offset, String msg) {
        return new WalCorruptionException(files.get(idx), offset, msg);
    }

    @Override
    public void close() throws IOException {
        if (ch != null) {
            ch.close();
            ch = null;
        }
    }
}
