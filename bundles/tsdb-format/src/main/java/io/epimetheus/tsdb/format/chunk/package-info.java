/**
 * Prometheus's XOR (Gorilla) float chunk encoding, byte for byte:
 * {@link io.epimetheus.tsdb.format.chunk.XorChunk} appends samples,
 * {@link io.epimetheus.tsdb.format.chunk.XorIterator} decodes them without allocating. Both are
 * reusable and not thread-safe.
 */
@Export
@Version("1.0.0")
package io.epimetheus.tsdb.format.chunk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
