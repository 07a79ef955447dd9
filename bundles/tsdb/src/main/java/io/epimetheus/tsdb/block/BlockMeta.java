package io.epimetheus.tsdb.block;

import io.epimetheus.tsdb.FileUtil;
import io.epimetheus.tsdb.format.encoding.CorruptionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A block's {@code meta.json} as Prometheus writes it: ULID, the time range {@code [minTime,
 * maxTime)} (max exclusive), statistics, and compaction level, sources and parents; version 1.
 *
 * @param ulid the block's name
 * @param minTime the smallest timestamp the block may hold, ms
 * @param maxTime one past the largest timestamp it may hold, ms
 * @param numSamples, numSeries, numChunks, numTombstones statistics
 * @param level 1 for blocks cut from the head, parents' maximum + 1 after compaction
 * @param sources the ULIDs of the level-1 blocks whose data this block holds
 * @param parents the blocks compacted into this one
 * @param deletable whether compaction marked it for deletion
 */
public record BlockMeta(String ulid, long minTime, long maxTime, long numSamples, long numSeries, long numChunks,
        long numTombstones, int level, List<String> sources, List<Parent> parents, boolean deletable) {

    public static final String FILE = "meta.json";

    /** A parent block of a compacted block. */
    public record Parent(String ulid, long minTime, long maxTime) {
    }

    public BlockMeta {
        sources = List.copyOf(sources);
        parents = List.copyOf(parents);
    }

    public BlockMeta withStats(long samples, long series, long chunks, long tombstones) {
        return new BlockMeta(ulid, minTime, maxTime, samples, series, chunks, tombstones, level, sources, parents,
                deletable);
    }

    /** The JSON Prometheus writes (indented like its writer). */
    public String toJson() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\n\t\"ulid\": ").append(Json.quote(ulid)).append(",\n");
        sb.append("\t\"minTime\": ").append(minTime).append(",\n");
        sb.append("\t\"maxTime\": ").append(maxTime).append(",\n");
        sb.append("\t\"stats\": {");
        List<String> stats = new ArrayList<>();
        if (numSamples != 0) {
            stats.add("\n\t\t\"numSamples\": " + numSamples);
            stats.add("\n\t\t\"numFloatSamples\": " + numSamples);
        }
        if (numSeries != 0) {
            stats.add("\n\t\t\"numSeries\": " + numSeries);
        }
        if (numChunks != 0) {
            stats.add("\n\t\t\"numChunks\": " + numChunks);
        }
        if (numTombstones != 0) {
            stats.add("\n\t\t\"numTombstones\": " + numTombstones);
        }
        sb.append(String.join(",", stats));
        sb.append(stats.isEmpty() ? "},\n" : "\n\t},\n");
        sb.append("\t\"compaction\": {\n\t\t\"level\": ").append(level);
        if (!sources.isEmpty()) {
            sb.append(",\n\t\t\"sources\": [");
            for (int i = 0; i < sources.size(); i++) {
                sb.append(i > 0 ? ",\n\t\t\t" : "\n\t\t\t").append(Json.quote(sources.get(i)));
            }
            sb.append("\n\t\t]");
        }
        if (deletable) {
            sb.append(",\n\t\t\"deletable\": true");
        }
        if (!parents.isEmpty()) {
            sb.append(",\n\t\t\"parents\": [");
            for (int i = 0; i < parents.size(); i++) {
                Parent p = parents.get(i);
                sb.append(i > 0 ? "," : "").append("\n\t\t\t{\n\t\t\t\t\"ulid\": ").append(Json.quote(p.ulid()))
                        .append(",\n\t\t\t\t\"minTime\": ").append(p.minTime())
                        .append(",\n\t\t\t\t\"maxTime\": ").append(p.maxTime()).append("\n\t\t\t}");
            }
            sb.append("\n\t\t]");
        }
        sb.append("\n\t},\n\t\"version\": 1\n}\n");
        return sb.toString();
    }

    /** Writes {@code meta.json} into {@code dir} atomically (temporary file, fsync, rename). */
    public void write(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        FileUtil.replace(tmp, dir.resolve(FILE));
    }

    /** Reads {@code dir/meta.json}. */
    public static BlockMeta read(Path dir) throws IOException {
        Path p = dir.resolve(FILE);
        String text = Files.readString(p, StandardCharsets.UTF_8);
        try {
            return parse(text);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new CorruptionException("invalid " + p + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static BlockMeta parse(String text) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(text);
        Object version = m.get("version");
        if (!(version instanceof Long v) || v != 1) {
            throw new IllegalArgumentException("unsupported meta.json version " + version);
        }
        Map<String, Object> stats = (Map<String, Object>) m.getOrDefault("stats", Map.of());
        Map<String, Object> comp = (Map<String, Object>) m.getOrDefault("compaction", Map.of());
        List<String> sources = new ArrayList<>();
        for (Object o : (List<Object>) comp.getOrDefault("sources", List.of())) {
            sources.add((String) o);
        }
        List<Parent> parents = new ArrayList<>();
        for (Object o : (List<Object>) comp.getOrDefault("parents", List.of())) {
            Map<String, Object> pm = (Map<String, Object>) o;
            parents.add(new Parent((String) pm.get("ulid"), num(pm.get("minTime")), num(pm.get("maxTime"))));
        }
        return new BlockMeta((String) m.get("ulid"), num(m.get("minTime")), num(m.get("maxTime")),
                num(stats.get("numSamples")), num(stats.get("numSeries")), num(stats.get("numChunks")),
                num(stats.get("numTombstones")), (int) num(comp.get("level")), sources, parents,
                Boolean.TRUE.equals(comp.get("deletable")));
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
