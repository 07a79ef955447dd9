package io.epimetheus.config.load;

import io.epimetheus.api.config.StorageConfig;
import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import java.time.Duration;
import java.util.Set;

/** Reads the {@code storage} section ({@code tsdb} and {@code exemplars}). */
final class StorageReader {

    private static final Set<String> KEYS = Set.of("tsdb", "exemplars");
    /**
     * The tsdb keys. {@code outofordertimewindow} is the lower-cased name of an untagged field of
     * Prometheus's TSDBConfig: Prometheus prints it in {@code /api/v1/status/config} and so accepts
     * it, overwriting it from {@code out_of_order_time_window}; it is ignored here too.
     */
    private static final Set<String> TSDB_KEYS = Set.of("out_of_order_time_window", "outofordertimewindow",
            "stale_series_compaction_threshold", "chunk_encoding", "retention");
    private static final Set<String> RETENTION_KEYS = Set.of("time", "size", "percentage");

    private StorageReader() {
    }

    static StorageConfig read(YamlNode node) {
        StorageConfig d = StorageConfig.DEFAULT;
        if (node == null) {
            return d;
        }
        Section s = Section.of(node, "config.StorageConfig", KEYS);
        Duration ooo = d.outOfOrderTimeWindow();
        double staleThreshold = d.staleSeriesCompactionThreshold();
        String floats = d.chunkEncodingFloats();
        Duration retentionTime = d.retentionTime();
        long retentionSize = d.retentionSize();
        double retentionPercentage = d.retentionPercentage();
        if (s.isSet("tsdb")) {
            Section t = Section.of(s.get("tsdb"), "config.plain", TSDB_KEYS);
            ooo = t.duration("out_of_order_time_window", ooo);
            staleThreshold = t.number("stale_series_compaction_threshold", staleThreshold);
            if (t.isSet("chunk_encoding")) {
                Section c = Section.of(t.get("chunk_encoding"), "config.ChunkEncodingConfig", Set.of("floats"));
                floats = c.string("floats", "");
                if (!floats.isEmpty() && !floats.equals("xor") && !floats.equals("xor2")) {
                    throw Errors.at(c.line("floats"), "'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', "
                            + "or the field must be omitted entirely, got " + GoStrings.quote(floats));
                }
            }
            if (t.isSet("retention")) {
                Section r = Section.of(t.get("retention"), "config.plain", RETENTION_KEYS);
                retentionTime = r.duration("time", retentionTime);
                retentionSize = r.bytes("size", retentionSize);
                retentionPercentage = r.number("percentage", retentionPercentage);
                if (retentionSize < 0) {
                    throw Errors.at(r.line("size"), "'storage.tsdb.retention.size' must be greater than or equal to 0, got "
                            + retentionSize);
                }
                if (retentionPercentage < 0 || retentionPercentage > 100) {
                    throw Errors.at(r.line("percentage"), "'storage.tsdb.retention.percentage' must be in the range [0, 100], got "
                            + FloatFormat.formatG(retentionPercentage));
                }
            }
        }
        long maxExemplars = d.maxExemplars();
        if (s.isSet("exemplars")) {
            Section e = Section.of(s.get("exemplars"), "config.ExemplarsConfig", Set.of("max_exemplars"));
            maxExemplars = e.integer("max_exemplars", (int) maxExemplars);
        }
        return new StorageConfig(ooo, staleThreshold, floats, retentionTime, retentionSize, retentionPercentage,
                maxExemplars);
    }
}
