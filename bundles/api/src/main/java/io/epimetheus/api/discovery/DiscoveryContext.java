package io.epimetheus.api.discovery;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an SD configuration entry comes from.
 *
 * @param jobName the scrape job (or alertmanager set) the entry belongs to
 * @param configDir the directory of the configuration file, against which relative paths resolve
 * @param index the position of the entry within its {@code <type>_sd_configs} list
 */
public record DiscoveryContext(String jobName, Path configDir, int index) {
    public DiscoveryContext {
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(configDir, "configDir");
    }
}
