package io.epimetheus.tsdb.tombstones;

import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.format.encoding.ByteOrderAccess;
import io.epimetheus.tsdb.format.encoding.CorruptionException;
import io.epimetheus.tsdb.format.encoding.DecBuf;
import io.epimetheus.tsdb.format.encoding.EncBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A block's {@code tombstones} file: magic {@code 0x0130BA30}, version byte 1, then
 * {@code uvarint ref, varint mint, varint maxt} per deleted interval and a CRC32C of the entries.
 */
public final class TombstonesFile {

    public static final String NAME = "tombstones";
    private static final int MAGIC = 0x0130BA30;

    private TombstonesFile() {
    }

    /** Writes the file atomically; returns its size. */
    public static long write(Path dir, Tombstones ts) throws IOException {
        EncBuf b = new EncBuf(64);
        b.putBE32(MAGIC).putByte(1);
        int entriesStart = b.len();
        ts.forEachSorted((ref, iv) -> {
            for (int i = 0; i < iv.size(); i++) {
                b.putUvarint(ref);
                b.putVarint(iv.mint(i));
                b.putVarint(iv.maxt(i));
            }
        });
        CRC32C crc = new CRC32C();
        crc.update(b.array(), entriesStart, b.len() - entriesStart);
        b.putBE32((int) crc.getValue());
        Path tmp = dir.resolve(NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(b.array(), 0, b.len()));
            ch.force(true);
        }
        FileUtil.replace(tmp, dir.resolve(NAME));
        return b.len();
    }

    /** Reads the file; a missing file means no tombstones. */
    public static Tombstones read(Path dir) throws IOException {
        Tombstones ts = new Tombstones();
        byte[] b;
        Path p = dir.resolve(NAME);
        try {
            b = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return ts;
        }
        if (b.length < 9) {
            throw new CorruptionException("tombstones file " + p + " is too short");
        }
        if (ByteOrderAccess.getIntBE(b, 0) != MAGIC) {
            throw new CorruptionException("tombstones file " + p + " has a bad magic number");
        }
        if (b[4] != 1) {
            throw new CorruptionException("tombstones file " + p + " has unknown version " + b[4]);
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 5, b.length - 9);
        if ((int) crc.getValue() != ByteOrderAccess.getIntBE(b, b.length - 4)) {
            throw new CorruptionException("tombstones file " + p + " checksum mismatch");
        }
        DecBuf d = new DecBuf(b, 5, b.length - 4);
        while (d.remaining() > 0) {
            long ref = d.getUvarint();
            long mint = d.getVarint();
            long maxt = d.getVarint();
            ts.add(ref, mint, maxt);
        }
        return ts;
    }
}
