/**
 * The Snappy block format ({@link io.epimetheus.tsdb.format.snappy.SnappyBlock}), which Prometheus
 * applies to WAL records and the remote-write and remote-read protocols to request and response
 * bodies. Pure Java, so it works inside OSGi unchanged; decoding allocates nothing. An encoder
 * instance keeps a hash table between calls and is not thread-safe: keep one per thread.
 */
@Export
@Version("1.0.0")
package io.epimetheus.tsdb.format.snappy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
