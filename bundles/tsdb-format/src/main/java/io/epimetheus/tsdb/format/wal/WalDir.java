package io.epimetheus.tsdb.format.wal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a WAL directory: numbered segments and {@code checkpoint.NNNNNNNN} directories
 * holding the condensed content of every segment up to and including that number. Reading only:
 * repairing and truncating a WAL is the business of the database that writes it.
 */
public final class WalDir {

    public static final String CHECKPOINT_PREFIX = "checkpoint.";

    private WalDir() {
    }

    /** The newest complete checkpoint's segment number, or -1. */
    public static int lastCheckpoint(Path walDir) throws IOException {
        int best = -1;
        if (!Files.isDirectory(walDir)) {
            return best;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, CHECKPOINT_PREFIX + "*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString().substring(CHECKPOINT_PREFIX.length());
                if (Files.isDirectory(p) && !n.isEmpty() && n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    best = Math.max(best, Integer.parseInt(n));
                }
            }
        }
        return best;
    }

    public static Path checkpointDir(Path walDir, int index) {
        return walDir.resolve(CHECKPOINT_PREFIX + WalFormat.segmentName(index));
    }

    /** The files to replay, in order: the last checkpoint's segments, then the segments after it. */
    public static List<Path> replayFiles(Path walDir) throws IOException {
        List<Path> out = new ArrayList<>();
        int cp = lastCheckpoint(walDir);
        if (cp >= 0) {
            Path cpDir = checkpointDir(walDir, cp);
            for (int s : WalFormat.segments(cpDir)) {
                out.add(cpDir.resolve(WalFormat.segmentName(s)));
            }
        }
        for (int s : WalFormat.segments(walDir)) {
            if (s > cp) {
                out.add(walDir.resolve(WalFormat.segmentName(s)));
            }
        }
        return out;
    }
}
