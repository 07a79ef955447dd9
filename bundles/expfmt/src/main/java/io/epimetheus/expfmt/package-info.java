/**
 * Reading and writing the Prometheus text exposition format (0.0.4) and OpenMetrics 1.0.0, and
 * reading the Prometheus protobuf format.
 *
 * <p>{@link io.epimetheus.expfmt.ExpositionFormat} names the formats, negotiates one from an HTTP
 * {@code Accept} header and creates parsers and writers. {@link io.epimetheus.expfmt.ExpositionParser}
 * is a byte-level pull parser over a scrape body; {@link io.epimetheus.expfmt.ExpositionWriter}
 * is a {@link io.epimetheus.api.exporter.MetricSink} that writes an exposition to a stream.
 * Parsers and writers are reusable and not thread-safe: keep one per thread (per scrape loop,
 * per request).
 */
@Export
@Version("1.1.0")
package io.epimetheus.expfmt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
