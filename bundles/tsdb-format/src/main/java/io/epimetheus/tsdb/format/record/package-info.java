/**
 * Prometheus's WAL record encodings (series, float samples, tombstones) in
 * {@link io.epimetheus.tsdb.format.record.Records}: encoders write into a reused buffer, decoders
 * call back per entry without boxing. Stateless and thread-safe; the buffers passed in are not.
 */
@Export
@Version("1.0.0")
package io.epimetheus.tsdb.format.record;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
