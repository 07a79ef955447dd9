package io.epimetheus.api.config;

/**
 * Receives each newly applied configuration. Register with {@link ConfigService#addListener}.
 *
 * <p>Called on the thread that performed the reload, one listener after the other; a listener
 * should apply the change quickly (start and stop work asynchronously) and may throw
 * {@link ConfigException} when it cannot apply it, which marks the reload as failed.
 */
@FunctionalInterface
public interface ConfigListener {

    /** The configuration now in effect. */
    void configChanged(PrometheusConfig config);
}
