package io.epimetheus.tsdb.format.wal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Constants and file naming of Prometheus's write-ahead log: segments named by an 8-digit
 * sequence number, written in 32 KiB pages of fragments {@code type(1) len(2, BE) crc32c(4, BE)
 * data}. The type byte's low 3 bits say full/first/middle/last fragment (0 pads the rest of a
 * page) and bit 3 marks Snappy-compressed records.
 */
public final class WalFormat {

    public static final int PAGE_SIZE = 32 * 1024;
    public static final int HEADER_SIZE = 7;
    public static final long DEFAULT_SEGMENT_SIZE = 128L * 1024 * 1024;

    static final int PAGE_TERM = 0;
    static final int FULL = 1;
    static final int FIRST = 2;
    static final int MIDDLE = 3;
    static final int LAST = 4;
    static final int TYPE_MASK = 0x07;
    static final int SNAPPY = 0x08;
    static final int ZSTD = 0x10;

    private WalFormat() {
    }

    public static String segmentName(int index) {
        String s = Integer.toString(index);
        return "00000000".substring(Math.min(8, s.length())) + s;
    }

    /** The segment numbers in {@code dir}, ascending (files whose names are not numbers are ignored). */
    public static List<Integer> segments(Path dir) throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && n.length() <= 10 && n.chars().allMatch(c -> c >= '0' && c <= '9')
                        && Files.isRegularFile(p)) {
                    out.add(Integer.parseInt(n));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
