package io.epimetheus.api.config;

import java.nio.file.Path;

/**
 * Owns the running {@code prometheus.yml}: loads it, validates it fully (including every
 * {@code <type>_sd_configs} section against the installed SD plugins) and hands it to listeners.
 * A file that fails to load is rejected as a whole: the running configuration stays and the
 * failure is reported by {@link #lastReload()}.
 *
 * <p>Threading: thread-safe; reloads are serialised.
 */
public interface ConfigService {

    /**
     * The configuration in effect: the last one that loaded successfully, or {@link
     * PrometheusConfig#EMPTY} if none has yet.
     */
    PrometheusConfig current();

    /**
     * Reads the configuration file again and, if it is valid, makes it current and notifies the
     * listeners. Never throws for an invalid file: the result says what went wrong.
     */
    ReloadStatus reload();

    /** The outcome of the last load or reload. */
    ReloadStatus lastReload();

    /**
     * Loads and validates a file without applying it ({@code promtool check config}).
     *
     * @throws ConfigException naming file, line and problem if it is invalid
     */
    PrometheusConfig check(Path file);

    /**
     * Registers a listener. If a configuration has been loaded, the listener is called with it
     * before this method returns.
     */
    void addListener(ConfigListener listener);

    /** Removes a listener; it is not called after this returns. */
    void removeListener(ConfigListener listener);

    /**
     * A configuration as Prometheus prints it in {@code /api/v1/status/config}: YAML with every
     * section's values in effect, defaults included, in Prometheus's field order, secrets as {@code
     * <secret>} and URL passwords as {@code xxxxx}.
     *
     * <p>Implementations written before this method existed inherit this default, which returns
     * {@code null}: they cannot print, and callers say so.
     *
     * @param config a configuration this service loaded, usually {@link #current()}
     * @return the YAML text, or {@code null} when this implementation cannot print configurations
     * @since 1.2
     */
    default String toYaml(PrometheusConfig config) {
        return null;
    }
}
