/**
 * Configuration shared by several bundles: the error type every configuration problem is
 * reported with, the Prometheus duration syntax, the typed records of {@code prometheus.yml}
 * ({@link io.epimetheus.api.config.PrometheusConfig} and its sections) and the {@link
 * io.epimetheus.api.config.ConfigService} that loads, validates and reloads it.
 *
 * <p>The records hold values after Prometheus's defaults and global-to-job inheritance have been
 * applied and after validation, with relative file paths resolved against the configuration file's
 * directory. They are immutable and compare by value, so a consumer can tell which sections of a
 * reloaded configuration changed with {@code equals}.
 */
@Export
@Version("1.2.0")
package io.epimetheus.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
