/**
 * The storage SPI: {@link io.epimetheus.api.storage.Storage} with {@link
 * io.epimetheus.api.storage.Appender appenders} for writing and {@link
 * io.epimetheus.api.storage.Querier queriers} for reading, and allocation-free sample iteration;
 * {@link io.epimetheus.api.storage.StorageAdmin} for status and administration of the local database;
 * {@link io.epimetheus.api.storage.WriteAheadLog} for following the local database's WAL (remote write)
 * with a bounded hold on its truncation.
 */
@Export
@Version("1.3.0")
package io.epimetheus.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
