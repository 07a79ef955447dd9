package io.epimetheus.tsdb.chunks;

import io.epimetheus.tsdb.format.encoding.EncBuf;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a block's {@code chunks/} directory: segment files {@code 000001, 000002, ...} of at
 * most 512 MiB, each starting with the magic {@code 0x85BD40DD}, version 1 and three zero bytes,
 * then chunks as {@code uvarint len, encoding byte, data, crc32c(encoding, data)}. A chunk's
 * reference is {@code (segment index << 32) | offset}, the segment index counting from 0 for
 * file {@code 000001}, as Prometheus's reader expects.
 */
public final class ChunkSegmentWriter implements Closeable {

    public static final int MAGIC = 0x85BD40DD;
    public static final int HEADER_SIZE = 8;
    public static final long DEFAULT_SEGMENT_SIZE = 512L * 1024 * 1024;

    private final Path dir;
    private final long segmentSize;
    private final EncBuf buf = new EncBuf(64);
    private final CRC32C crc = new CRC32C();
    private FileChannel ch;
    private OutputStream out;
    private int seq = -1;
    private long pos;

    public ChunkSegmentWriter(Path dir) throws IOException {
        this(dir, DEFAULT_SEGMENT_SIZE);
    }

    public ChunkSegmentWriter(Path dir, long segmentSize) throws IOException {
        this.dir = dir;
        this.segmentSize = segmentSize;
        Files.createDirectories(dir);
    }

    private void cut() throws IOException {
        finishSegment();
        seq++;
        ch = FileChannel.open(dir.resolve(segmentName(seq + 1)), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        buf.reset().putBE32(MAGIC).putByte(1).putByte(0).putByte(0).putByte(0);
        out.write(buf.array(), 0, buf.len());
        pos = HEADER_SIZE;
    }

    /** The file name of the segment with 1-based number {@code n}. */
    public static String segmentName(int n) {
        String s = Integer.toString(n);
        return s.length() >= 6 ? s : "000000".substring(s.length()) + s;
    }

    /** Writes one chunk and returns its reference. */
    public long write(int encoding, byte[] data, int off, int len) throws IOException {
        buf.reset().putUvarint(len).putByte(encoding);
        int need = buf.len() + len + 4;
        if (ch == null || (pos + need > segmentSize && pos > HEADER_SIZE)) {
            cut();
            buf.reset().putUvarint(len).putByte(encoding);
        }
        long ref = ((long) seq << 32) | pos;
        out.write(buf.array(), 0, buf.len());
        out.write(data, off, len);
        crc.reset();
        crc.update(encoding);
        crc.update(data, off, len);
        int sum = (int) crc.getValue();
        out.write(sum >>> 24);
        out.write(sum >>> 16);
        out.write(sum >>> 8);
        out.write(sum);
        pos += need;
        return ref;
    }

    private void finishSegment() throws IOException {
        if (ch != null) {
            out.flush();
            ch.force(true);
            out.close();
            ch = null;
            out = null;
        }
    }

    @Override
    public void close() throws IOException {
        finishSegment();
    }
}
