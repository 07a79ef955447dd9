/**
 * Binary building blocks of Prometheus's file formats: growable big-endian/varint buffers
 * ({@link io.epimetheus.tsdb.format.encoding.EncBuf}), decoding cursors over arrays and mapped
 * files ({@link io.epimetheus.tsdb.format.encoding.DecBuf}, {@link io.epimetheus.tsdb.format.encoding.BufDec})
 * that report damage as {@link io.epimetheus.tsdb.format.encoding.CorruptionException} with the
 * offset, and UTF-8 encoding straight into byte arrays ({@link io.epimetheus.tsdb.format.encoding.Utf8}).
 * Buffers and cursors are reusable and not thread-safe.
 */
@Export
@Version("1.0.0")
package io.epimetheus.tsdb.format.encoding;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
