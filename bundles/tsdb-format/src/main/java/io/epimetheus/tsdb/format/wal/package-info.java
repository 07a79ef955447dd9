/**
 * Prometheus's write-ahead log segments: 32 KiB pages of checksummed fragments, optionally
 * Snappy-compressed. {@link io.epimetheus.tsdb.format.wal.WalWriter} appends records;
 * {@link io.epimetheus.tsdb.format.wal.SegmentReader} reads one segment, complete or still being
 * written (the remote-write WAL follower); {@link io.epimetheus.tsdb.format.wal.WalReader} replays
 * a sequence of complete segments; {@link io.epimetheus.tsdb.format.wal.WalDir} knows the
 * directory layout of segments and checkpoints. Readers and writers are not thread-safe.
 */
@Export
@Version("1.0.0")
package io.epimetheus.tsdb.format.wal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
