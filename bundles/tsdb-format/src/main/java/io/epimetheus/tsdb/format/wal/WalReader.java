package io.epimetheus.tsdb.format.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the records of a sequence of complete WAL segment files in order (a checkpoint's, then the
 * segments after it), one {@link SegmentReader} at a time. A damaged fragment, a record cut short
 * or a record that spans segments ends reading with a {@link WalCorruptionException} giving the
 * segment and the offset of the record's first fragment — everything before that offset is intact.
 * Not thread-safe.
 */
public final class WalReader implements Closeable {

    private final List<Path> files;
    private int fileIdx = -1;
    private SegmentReader seg;

    public WalReader(List<Path> files) {
        this.files = files;
    }

    /** The decoded record after a {@code true} {@link #next()}: {@code record()[0, length())}. */
    public byte[] record() {
        return seg.record();
    }

    public int length() {
        return seg.length();
    }

    /** The file the last record came from. */
    public Path segment() {
        return seg.file();
    }

    /** The offset of the last record's first fragment in {@link #segment()}. */
    public long offset() {
        return seg.offset();
    }

    /** Advances to the next record; {@code false} after the last one. */
    public boolean next() throws IOException {
        while (true) {
            if (seg != null && seg.next(true)) {
                return true;
            }
            if (fileIdx + 1 >= files.size()) {
                return false;
            }
            close();
            fileIdx++;
            seg = new SegmentReader(files.get(fileIdx));
        }
    }

    @Override
    public void close() throws IOException {
        if (seg != null) {
            seg.close();
        }
    }
}
