package io.epimetheus.config.print;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.FileGlob;
import io.epimetheus.config.yaml.YamlNode;
import io.epimetheus.config.yaml.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The job names the {@code scrape_config_files} define: a loaded configuration holds their scrape
 * configs after the main file's, and Prometheus prints only the main file's. A file that cannot be
 * read or parsed any more contributes nothing (its jobs are then printed).
 */
final class IncludedJobs {

    private IncludedJobs() {
    }

    static Set<String> of(List<String> globs) {
        Set<String> jobs = new HashSet<>();
        YamlReader reader = new YamlReader();
        for (String glob : globs) {
            try {
                for (Path file : FileGlob.expand(glob)) {
                    collect(reader.read(Files.readString(file, StandardCharsets.UTF_8)), jobs);
                }
            } catch (IOException | UncheckedIOException | ConfigException e) {
                // The loaded configuration stays as it was; without the file, its jobs cannot be told apart.
            }
        }
        return jobs;
    }

    private static void collect(YamlNode root, Set<String> jobs) {
        if (!(root instanceof YamlNode.Mapping m)) {
            return;
        }
        for (YamlNode.Entry e : m.entries()) {
            if (e.key().equals("scrape_configs") && e.value() instanceof YamlNode.Sequence s) {
                for (YamlNode item : s.items()) {
                    if (item instanceof YamlNode.Mapping job) {
                        for (YamlNode.Entry je : job.entries()) {
                            if (je.key().equals("job_name") && je.value() instanceof YamlNode.Scalar name) {
                                jobs.add(name.text());
                            }
                        }
                    }
                }
            }
        }
    }
}
