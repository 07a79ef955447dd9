package io.epimetheus.tsdb.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import io.epimetheus.tsdb.encoding.FileUtil;
import java.util.List;

/**
 * The layout of a WAL directory: numbered segments and {@code checkpoint.NNNNNNNN} directories
 * holding the condensed content of every segment up to and including that number.
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

    /** Deletes checkpoints older than {@code keep} and segments up to {@code upTo}. */
    public static void deleteBefore(Path walDir, int keepCheckpoint, int upToSegment) throws IOException {
        for (int s : WalFormat.segments(walDir)) {
            if (s <= upToSegment) {
                Files.deleteIfExists(walDir.resolve(WalFormat.segmentName(s)));
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, CHECKPOINT_PREFIX + "*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString().substring(CHECKPOINT_PREFIX.length());
                if (n.chars().allMatch(c -> c >= '0' && c <= '9') && !n.isEmpty()
                        && Integer.parseInt(n) < keepCheckpoint) {
                    FileUtil.deleteRecursively(p);
                } else if (n.endsWith(".tmp")) {
                    FileUtil.deleteRecursively(p);
                }
            }
        }
    }
}
