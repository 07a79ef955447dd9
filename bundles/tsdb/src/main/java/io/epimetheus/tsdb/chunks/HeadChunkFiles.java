package io.epimetheus.tsdb.chunks;

import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.format.encoding.CorruptionException;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The head's full chunks, memory-mapped in {@code chunks_head/} (Prometheus's head chunk format:
 * files {@code 000001...} starting with magic {@code 0x0130BC91}, version 1 and three zero
 * bytes; records {@code series ref(8) mint(8) maxt(8) encoding(1) uvarint len, data,
 * crc32c}), so the heap holds only each series' open chunk. A reference is {@code (file number
 * << 32) | offset}.
 *
 * <p>Files are mapped at their full size while written; the unwritten tail reads as zeros, which
 * ends a scan. Mappings are never unmapped explicitly (the garbage collector releases them), so a
 * reader never touches freed memory even if a file it read from has been deleted.
 *
 * <p>Thread-safe: writes are serialised; reads of written chunks need no lock.
 */
public final class HeadChunkFiles implements Closeable {

    private static final System.Logger LOG = System.getLogger(HeadChunkFiles.class.getName());
    public static final int MAGIC = 0x0130BC91;
    public static final int HEADER = 8;
    /** series ref, mint, maxt, encoding */
    private static final int META = 8 + 8 + 8 + 1;
    public static final long DEFAULT_FILE_SIZE = 128L * 1024 * 1024;

    private final Path dir;
    private final int fileSize;
    private volatile MappedByteBuffer[] maps = new MappedByteBuffer[8]; // by file number
    private long[] fileMaxTime = new long[8];
    private FileChannel cur;
    private int curNum;
    private int pos;
    private final CRC32C crc = new CRC32C();
    private final byte[] hdr = new byte[META + 10];

    /**
     * A chunk found when scanning the files at open. {@code encoding} is the raw byte: Prometheus
     * sets its high bit on out-of-order chunks.
     */
    public record Found(long seriesRef, long mint, long maxt, long ref, int numSamples, int encoding) {
    }

    private HeadChunkFiles(Path dir, int fileSize) {
        this.dir = dir;
        this.fileSize = fileSize;
    }

    /**
     * Opens {@code dir}, scanning existing files. A damaged record ends its file there: the file
     * is cut and later files deleted (the WAL still holds their samples). Writing continues in a
     * new file.
     */
    public static HeadChunkFiles open(Path dir, long fileSize, List<Found> found) throws IOException {
        Files.createDirectories(dir);
        HeadChunkFiles h = new HeadChunkFiles(dir, (int) Math.min(fileSize, Integer.MAX_VALUE));
        List<Integer> nums = numbers(dir);
        boolean truncatedRest = false;
        for (int n : nums) {
            Path p = dir.resolve(name(n));
            if (truncatedRest) {
                LOG.log(Level.WARNING, "deleting head chunk file " + p + " after a damaged one (" + Files.size(p)
                        + " bytes; its samples are replayed from the WAL)");
                Files.delete(p);
                continue;
            }
            truncatedRest = h.scan(n, p, found);
        }
        int next = nums.isEmpty() ? 1 : nums.get(nums.size() - 1) + 1;
        h.cut(next);
        return h;
    }

    private static List<Integer> numbers(Path dir) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && n.length() <= 9 && n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    out.add(Integer.parseInt(n));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static String name(int n) {
        return ChunkSegmentWriter.segmentName(n);
    }

    /** Reads the chunks of one file; returns true when it was damaged (and cut). */
    private boolean scan(int num, Path p, List<Found> found) throws IOException {
        MappedByteBuffer m;
        long size;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            size = ch.size();
            if (size < HEADER || size > Integer.MAX_VALUE) {
                LOG.log(Level.WARNING, "deleting head chunk file " + p + " of " + size + " bytes: no valid header");
                ch.close();
                Files.delete(p);
                return true;
            }
            m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        if (m.getInt(0) != MAGIC || m.get(4) != 1) {
            LOG.log(Level.WARNING, "deleting head chunk file " + p + ": bad magic or version");
            Files.delete(p);
            return true;
        }
        int at = HEADER;
        long maxTime = Long.MIN_VALUE;
        String damage = null;
        byte[] buf = new byte[256];
        while (at + META + 1 <= size) {
            int enc = m.get(at + 24) & 0xFF;
            if (enc == 0) {
                break; // unwritten (zero) tail
            }
            long len = 0;
            int shift = 0;
            int q = at + META;
            int c;
            do {
                if (q >= size || shift > 28) {
                    damage = "bad length";
                    break;
                }
                c = m.get(q++) & 0xFF;
                len |= (long) (c & 0x7F) << shift;
                shift += 7;
            } while (c >= 0x80);
            if (damage != null) {
                break;
            }
            if (q + len + 4 > size) {
                damage = "record runs past the end";
                break;
            }
            int recLen = (int) (q + len - at);
            if (buf.length < recLen) {
                buf = new byte[Math.max(recLen, buf.length * 2)];
            }
            m.get(at, buf, 0, recLen);
            CRC32C sum = new CRC32C();
            sum.update(buf, 0, recLen);
            if ((int) sum.getValue() != m.getInt(q + (int) len)) {
                damage = "checksum mismatch";
                break;
            }
            long seriesRef = m.getLong(at);
            long mint = m.getLong(at + 8);
            long maxt = m.getLong(at + 16);
            int samples = len >= 2 ? ((m.get(q) & 0xFF) << 8) | (m.get(q + 1) & 0xFF) : 0;
            found.add(new Found(seriesRef, mint, maxt, ((long) num << 32) | at, samples, enc));
            maxTime = Math.max(maxTime, maxt);
            at = q + (int) len + 4;
        }
        long good = at;
        if (damage != null) {
            LOG.log(Level.WARNING, "head chunk file " + p + " damaged at offset " + at + " (" + damage
                    + "): truncated there, dropping " + (size - good) + " bytes; the WAL replays those samples");
        }
        if (good < size) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(good);
                ch.force(true);
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                m = ch.map(FileChannel.MapMode.READ_ONLY, 0, good);
            }
        }
        register(num, m, maxTime);
        return damage != null;
    }

    private synchronized void register(int num, MappedByteBuffer m, long maxTime) {
        MappedByteBuffer[] ms = maps;
        if (num >= ms.length) {
            ms = Arrays.copyOf(ms, Math.max(ms.length * 2, num + 1));
            fileMaxTime = Arrays.copyOf(fileMaxTime, ms.length);
        }
        ms[num] = m;
        fileMaxTime[num] = maxTime;
        maps = ms;
    }

    /** Finishes the current file (cut to its used size) and starts file {@code num}. */
    private void cut(int num) throws IOException {
        finishCurrent();
        Path p = dir.resolve(name(num));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, fileSize);
        m.putInt(0, MAGIC);
        m.put(4, (byte) 1);
        cur = ch;
        curNum = num;
        pos = HEADER;
        register(num, m, Long.MIN_VALUE);
        FileUtil.syncDir(dir);
    }

    private void finishCurrent() throws IOException {
        if (cur != null) {
            maps[curNum].force();
            cur.truncate(pos);
            cur.close();
            cur = null;
        }
    }

    /** Writes a full chunk of series {@code seriesRef}; returns its reference. */
    public synchronized long write(long seriesRef, long mint, long maxt, int encoding, byte[] data, int off, int len)
            throws IOException {
        int n = 0;
        putLong(hdr, 0, seriesRef);
        putLong(hdr, 8, mint);
        putLong(hdr, 16, maxt);
        hdr[24] = (byte) encoding;
        n = META;
        long v = len;
        while (v >= 0x80) {
            hdr[n++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        hdr[n++] = (byte) v;
        int need = n + len + 4;
        if (pos + need > fileSize) {
            if (pos == HEADER) {
                throw new IOException("head chunk of " + len + " bytes does not fit a chunk file");
            }
            cut(curNum + 1);
        }
        MappedByteBuffer m = maps[curNum];
        crc.reset();
        crc.update(hdr, 0, n);
        crc.update(data, off, len);
        m.put(pos, hdr, 0, n);
        m.put(pos + n, data, off, len);
        m.putInt(pos + n + len, (int) crc.getValue());
        long ref = ((long) curNum << 32) | pos;
        pos += need;
        if (maxt > fileMaxTime[curNum]) {
            fileMaxTime[curNum] = maxt;
        }
        return ref;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** Locates chunk {@code ref}: fills {@code loc} with its buffer, data position, length and encoding. */
    public void locate(long ref, ChunkSegmentReader.Location loc) {
        int num = (int) (ref >>> 32);
        int off = (int) ref;
        MappedByteBuffer[] ms = maps;
        MappedByteBuffer m = num < ms.length ? ms[num] : null;
        if (m == null) {
            throw new CorruptionException("head chunk reference " + Long.toHexString(ref) + " names a missing file");
        }
        int q = off + META;
        long len = 0;
        int shift = 0;
        int c;
        do {
            c = m.get(q++) & 0xFF;
            len |= (long) (c & 0x7F) << shift;
            shift += 7;
        } while (c >= 0x80 && shift < 35);
        loc.buf = m;
        loc.pos = q;
        loc.len = (int) len;
        loc.encoding = m.get(off + 24) & 0xFF;
    }

    /** Deletes files (other than the one being written) whose chunks all end before {@code mint}. */
    public synchronized int deleteBefore(long mint) throws IOException {
        int deleted = 0;
        MappedByteBuffer[] ms = maps.clone();
        for (int n = 0; n < ms.length; n++) {
            if (ms[n] != null && n != curNum && fileMaxTime[n] < mint) {
                Files.deleteIfExists(dir.resolve(name(n)));
                ms[n] = null;
                deleted++;
            }
        }
        maps = ms;
        return deleted;
    }

    /** Bytes used by the files. */
    public long size() throws IOException {
        return FileUtil.sizeOf(dir) - (fileSize - pos);
    }

    /** Syncs and cuts the current file to its used size. */
    @Override
    public synchronized void close() throws IOException {
        finishCurrent();
    }
}
