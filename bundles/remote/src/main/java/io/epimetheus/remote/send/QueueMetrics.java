package io.epimetheus.remote.send;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters and gauges of one remote-write queue, exported under Prometheus's names. */
final class QueueMetrics {
    final LongAdder samplesIn = new LongAdder();
    final LongAdder samplesSent = new LongAdder();
    final LongAdder samplesFailed = new LongAdder();
    final LongAdder samplesRetried = new LongAdder();
    final LongAdder samplesDropped = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder enqueueRetries = new LongAdder();
    final LongAdder sendNanos = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder metadataSent = new LongAdder();
    final LongAdder metadataFailed = new LongAdder();
    final LongAdder metadataRetried = new LongAdder();
    final LongAdder metadataBytes = new LongAdder();
    final AtomicLong highestSentMillis = new AtomicLong();
    final AtomicLong highestReadMillis = new AtomicLong();
    volatile int shards;
    volatile int desiredShards;

    static void max(AtomicLong a, long v) {
        long cur;
        while (v > (cur = a.get()) && !a.compareAndSet(cur, v)) {
            // retry
        }
    }
}
