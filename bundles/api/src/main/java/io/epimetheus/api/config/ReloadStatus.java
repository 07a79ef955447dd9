package io.epimetheus.api.config;

import java.time.Instant;

/**
 * The outcome of the last (re)load of the configuration file, as {@code /api/v1/status/runtimeinfo}
 * and {@code prometheus_config_last_reload_successful} report it.
 *
 * @param file the file loaded
 * @param success whether the last attempt succeeded
 * @param lastAttempt when the last attempt finished, or {@code null} before the first
 * @param lastSuccess when the last successful load finished, or {@code null} if none succeeded
 * @param error the last attempt's error message ({@link ConfigException#getMessage()}), or {@code null} on success
 */
public record ReloadStatus(String file, boolean success, Instant lastAttempt, Instant lastSuccess, String error) {
}
