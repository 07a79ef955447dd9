/**
 * Configuration shared by several bundles: the error type every configuration problem is
 * reported with and the Prometheus duration syntax.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
