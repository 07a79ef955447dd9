package io.epimetheus.tsdb.wal;

import io.epimetheus.tsdb.format.wal.WalFormat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Cuts a damaged WAL back to its intact prefix, as Prometheus does after a failed replay. */
public final class WalRepair {

    private WalRepair() {
    }

    /**
     * Cuts {@code segment} at {@code offset} and deletes every later segment of its directory;
     * returns the number of bytes dropped.
     */
    public static long repair(Path segment, long offset) throws IOException {
        Path dir = segment.getParent();
        int idx = Integer.parseInt(segment.getFileName().toString());
        long dropped = 0;
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (offset < size) {
                dropped += size - offset;
                ch.truncate(offset);
                ch.force(true);
            }
        }
        for (int s : WalFormat.segments(dir)) {
            if (s > idx) {
                Path p = dir.resolve(WalFormat.segmentName(s));
                dropped += Files.size(p);
                Files.delete(p);
            }
        }
        return dropped;
    }
}
