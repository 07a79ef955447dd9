/**
 * The exporter SPI: {@link io.epimetheus.api.exporter.Collector} services contribute metric
 * families to {@code /metrics} and {@code /exporters/<name>/metrics}.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.exporter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
