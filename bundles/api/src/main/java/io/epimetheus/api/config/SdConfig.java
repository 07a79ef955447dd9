package io.epimetheus.api.config;

import java.util.Map;
import java.util.Objects;

/**
 * One entry of a {@code <type>_sd_configs} list (including {@code static_configs}, type
 * {@code static}), kept as parsed YAML for the {@link io.epimetheus.api.discovery.DiscovererFactory}
 * registered for its type, which validated it when the configuration was loaded.
 *
 * @param type the SD type ({@code static}, {@code file}, {@code kubernetes}, ...)
 * @param config the entry: unmodifiable maps and lists of strings, numbers, booleans and nulls
 */
public record SdConfig(String type, Map<String, Object> config) {
    public SdConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
    }

    /** The configuration key of this type: {@code static_configs} or {@code <type>_sd_configs}. */
    public String key() {
        return keyOf(type);
    }

    /** The configuration key of an SD type: {@code static_configs} or {@code <type>_sd_configs}. */
    public static String keyOf(String type) {
        return "static".equals(type) ? "static_configs" : type + "_sd_configs";
    }
}
