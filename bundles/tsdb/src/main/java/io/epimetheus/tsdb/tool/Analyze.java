package io.epimetheus.tsdb.tool;

import io.epimetheus.api.model.Labels;
import io.epimetheus.tsdb.block.Block;
import io.epimetheus.tsdb.block.BlockMeta;
import io.epimetheus.tsdb.block.Ulid;
import io.epimetheus.tsdb.index.IndexFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code analyze} and {@code list}: reads the blocks of a data directory without opening the
 * database (no lock, no WAL replay), like {@code promtool tsdb analyze|list}.
 */
public final class Analyze {

    private Analyze() {
    }

    /** Opens every block directory in {@code dir}, oldest first. */
    public static List<Block> blocks(Path dir) throws IOException {
        List<Block> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && Ulid.isValid(p.getFileName().toString())
                        && Files.exists(p.resolve(BlockMeta.FILE))) {
                    out.add(Block.open(p));
                }
            }
        }
        out.sort(Comparator.comparingLong(Block::minTime));
        return out;
    }

    /** Prints the block table of {@code promtool tsdb list}. */
    public static void list(Path dir, PrintStream out) throws IOException {
        out.printf("%-28s %-14s %-14s %-10s %-12s %-11s %-11s %s%n", "BLOCK ULID", "MIN TIME", "MAX TIME", "DURATION",
                "NUM SAMPLES", "NUM CHUNKS", "NUM SERIES", "SIZE");
        for (Block b : blocks(dir)) {
            BlockMeta m = b.meta();
            out.printf("%-28s %-14d %-14d %-10s %-12d %-11d %-11d %d%n", m.ulid(), m.minTime(), m.maxTime(),
                    io.epimetheus.api.config.PromDuration.format(m.maxTime() - m.minTime()), m.numSamples(),
                    m.numChunks(), m.numSeries(), b.size());
        }
    }

    /**
     * Prints cardinality statistics of one block (the newest, or the one named {@code ulid}), the
     * sections of {@code promtool tsdb analyze} that need no sample data.
     */
    public static void analyze(Path dir, String ulid, int limit, PrintStream out) throws IOException {
        List<Block> bs = blocks(dir);
        if (bs.isEmpty()) {
            throw new IllegalArgumentException("no blocks found in " + dir);
        }
        Block b = null;
        if (ulid == null) {
            b = bs.get(bs.size() - 1);
        } else {
            for (Block x : bs) {
                if (x.ulid().equals(ulid)) {
                    b = x;
                }
            }
            if (b == null) {
                throw new IllegalArgumentException("block " + ulid + " not found in " + dir);
            }
        }
        BlockMeta m = b.meta();
        IndexFile ix = b.index();
        out.println("Block ID: " + m.ulid());
        out.println("Duration: " + io.epimetheus.api.config.PromDuration.format(m.maxTime() - m.minTime()));
        out.println("Total Series: " + m.numSeries());
        List<String> names = ix.labelNames();
        out.println("Label names: " + names.size());
        long pairs = 0;
        long entries = 0;
        Map<String, Long> valueLength = new TreeMap<>();
        Map<String, Long> cardinality = new TreeMap<>();
        Map<String, Long> pairCounts = new TreeMap<>();
        for (String name : names) {
            long len = 0;
            List<String> values = ix.sortedValues(name, "");
            cardinality.put(name, (long) values.size());
            for (String v : values) {
                int n = ix.postings(name, v).length;
                pairs++;
                entries += n;
                len += v.length();
                pairCounts.put(name + "=" + v, (long) n);
            }
            valueLength.put(name, len);
        }
        out.println("Postings (unique label pairs): " + pairs);
        out.println("Postings entries (total label pairs): " + entries);
        top(out, "Label names with highest cumulative label value length", valueLength, limit);
        top(out, "Highest cardinality labels", cardinality, limit);
        top(out, "Most common label pairs", pairCounts, limit);
        Map<String, Long> metrics = new TreeMap<>();
        for (String v : ix.sortedValues(Labels.METRIC_NAME, "")) {
            metrics.put(v, (long) ix.postings(Labels.METRIC_NAME, v).length);
        }
        top(out, "Highest cardinality metric names", metrics, limit);
    }

    private static void top(PrintStream out, String title, Map<String, Long> counts, int limit) {
        out.println();
        out.println(title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .forEach(e -> out.println(e.getValue() + " " + e.getKey()));
    }
}
