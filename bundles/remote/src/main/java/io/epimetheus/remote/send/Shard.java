package io.epimetheus.remote.send;

import io.epimetheus.api.config.QueueConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.remote.client.HttpPost;
import io.epimetheus.remote.codec.ProtoWriter;
import io.epimetheus.remote.write.WriteRequestEncoder;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One sending lane of a queue: a bounded ring of pending samples (primitive arrays, no per-sample
 * objects) and a thread that cuts batches of up to {@code max_samples_per_send} — or whatever is
 * pending after {@code batch_send_deadline} — encodes, compresses and posts them, retrying
 * recoverable failures (network errors, 5xx, and 429 when {@code retry_on_http_429}) with
 * exponential backoff from {@code min_backoff} to {@code max_backoff} until they succeed, and
 * dropping batches the receiver refuses with another 4xx, counted as failed.
 */
final class Shard implements Runnable {

    private static final System.Logger LOG = System.getLogger(Shard.class.getName());

    private final QueueConfig cfg;
    private final HttpPost client;
    private final QueueMetrics metrics;
    private final String queueName;
    private final boolean v2;

    private final Labels[] labels;
    private final long[] ts;
    private final double[] vs;
    private int head;
    private int size;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private volatile boolean closing;
    private volatile boolean hardStop;
    private final Thread thread;

    private final WriteRequestEncoder encoder;
    private final SnappyBlock snappy = new SnappyBlock();
    private byte[] compressed = new byte[1 << 16];

    Shard(String queueName, int index, QueueConfig cfg, HttpPost client, QueueMetrics metrics, boolean v2) {
        this.queueName = queueName;
        this.cfg = cfg;
        this.client = client;
        this.metrics = metrics;
        this.v2 = v2;
        int cap = Math.max(cfg.capacity(), cfg.maxSamplesPerSend());
        labels = new Labels[cap];
        ts = new long[cap];
        vs = new double[cap];
        encoder = new WriteRequestEncoder(v2);
        thread = new Thread(this, "epimetheus-remote-write-" + queueName + "-shard-" + index);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits for room (backpressure onto the WAL reader); {@code false} if the shard is closing. */
    boolean enqueue(Labels l, long t, double v) throws InterruptedException {
        lock.lock();
        try {
            boolean waited = false;
            while (size == labels.length) {
                if (closing) {
                    return false;
                }
                if (!waited) {
                    metrics.enqueueRetries.increment();
                    waited = true;
                }
                notFull.await();
            }
            int i = (head + size) % labels.length;
            labels[i] = l;
            ts[i] = t;
            vs[i] = v;
            size++;
            if (size >= cfg.maxSamplesPerSend()) {
                notEmpty.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    int pending() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking samples, sends what is pending (retrying until {@code flushDeadlineMillis}
     * passes), then ends the thread.
     *
     * @param abort run when the deadline passes, to fail a request in flight at once
     */
    void close(long flushDeadlineMillis, Runnable abort) throws InterruptedException {
        lock.lock();
        try {
            closing = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        thread.join(Math.max(1, flushDeadlineMillis));
        if (thread.isAlive()) {
            hardStop = true;
            thread.interrupt();
            abort.run();
            thread.join();
        }
    }

    @Override
    public void run() {
        long deadlineNanos = cfg.batchSendDeadline().toNanos();
        int max = cfg.maxSamplesPerSend();
        try {
            while (true) {
                int n;
                lock.lock();
                try {
                    long waitUntil = System.nanoTime() + deadlineNanos;
                    while (size < max && !closing) {
                        long left = waitUntil - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        notEmpty.awaitNanos(left);
                    }
                    if (size == 0) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    n = Math.min(size, max);
                    encoder.reset();
                    long highest = 0;
                    for (int k = 0; k < n; k++) {
                        int i = (head + k) % labels.length;
                        encoder.addSample(labels[i], ts[i], vs[i]);
                        highest = Math.max(highest, ts[i]);
                        labels[i] = null;
                    }
                    head = (head + n) % labels.length;
                    size -= n;
                    notFull.signalAll();
                    sendWithRetries(n, highest);
                } finally {
                    if (lock.isHeldByCurrentThread()) {
                        lock.unlock();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called with the lock held; releases it while the request is in flight. */
    private void sendWithRetries(int n, long highest) throws InterruptedException {
        lock.unlock();
        ProtoWriter body = encoder.finish();
        int need = SnappyBlock.maxEncodedLength(body.size());
        if (compressed.length < need) {
            compressed = new byte[need];
        }
        int len = snappy.encode(body.buffer(), 0, body.size(), compressed);
        long backoff = cfg.minBackoff().toMillis();
        long maxBackoff = cfg.maxBackoff().toMillis();
        while (true) {
            long start = System.nanoTime();
            HttpPost.Outcome o = null;
            String error;
            try {
                o = client.postWrite(compressed, len, v2);
                error = o.status() / 100 == 2 ? null : "server returned HTTP status " + o.status() + ": " + o.body();
            } catch (IOException e) {
                error = e.getMessage();
            }
            metrics.sendNanos.add(System.nanoTime() - start);
            if (error == null) {
                metrics.samplesSent.add(n);
                metrics.bytesSent.add(len);
                metrics.batches.increment();
                QueueMetrics.max(metrics.highestSentMillis, highest);
                return;
            }
            boolean recoverable = o == null || o.status() / 100 == 5 || (o.status() == 429 && cfg.retryOnHttp429());
            if (!recoverable) {
                metrics.samplesFailed.add(n);
                LOG.log(System.Logger.Level.ERROR, "remote_write " + queueName + ": non-recoverable error, dropping "
                        + n + " samples: " + error);
                return;
            }
            if (hardStop) {
                metrics.samplesFailed.add(n);
                return;
            }
            metrics.samplesRetried.add(n);
            LOG.log(System.Logger.Level.DEBUG, "remote_write " + queueName + ": failed to send batch, retrying: " + error);
            long sleep = o != null && o.retryAfterMillis() > 0 ? o.retryAfterMillis() : backoff;
            Thread.sleep(sleep);
            backoff = Math.min(maxBackoff, backoff * 2);
        }
    }
}
