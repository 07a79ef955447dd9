/**
 * The storage SPI: {@link io.epimetheus.api.storage.Storage} with {@link
 * io.epimetheus.api.storage.Appender appenders} for writing and {@link
 * io.epimetheus.api.storage.Querier queriers} for reading, and allocation-free sample iteration.
 */
@Export
@Version("1.0.0")
package io.epimetheus.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
