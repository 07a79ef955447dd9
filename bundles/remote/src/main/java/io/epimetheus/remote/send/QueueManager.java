package io.epimetheus.remote.send;

import io.epimetheus.api.config.QueueConfig;
import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.remote.client.HttpPost;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * One {@code remote_write} endpoint: a thread that follows the WAL ({@link WalTailer}) while a
 * {@link WriteAheadLog} is there ({@link #follow}, {@link #unfollow}), turns each series into the
 * labels to send (external labels added where the series lacks them, then {@code
 * write_relabel_configs}), and hands samples to {@link Shard}s by series hash, so each series'
 * samples stay in order. The shards outlive a WAL that goes away and comes back (the TSDB
 * restarting for a new configuration): they keep sending what they hold, and the next follower
 * resumes where the last one stopped when the directory is the same. The number of shards follows throughput between {@code min_shards} and
 * {@code max_shards}: every {@value #RESHARD_SECONDS}s the time spent sending per sample times the
 * incoming rate (plus a share of the backlog) gives the desired count, applied when it differs by
 * more than 30%, after the old shards have sent everything they hold.
 */
final class QueueManager {

    private static final System.Logger LOG = System.getLogger(QueueManager.class.getName());
    static final int RESHARD_SECONDS = 10;
    private static final Labels DROPPED = Labels.of("__dropped__", "x");

    final String name;
    final RemoteWriteConfig cfg;
    final QueueMetrics metrics = new QueueMetrics();
    private final Labels external;
    private final Relabeler relabel;
    private final HttpPost client;
    private final long startMillis;
    private final SeriesRefMap<SeriesEntry> series = new SeriesRefMap<>();

    /** The labels to send for a series ref, and the WAL segment its record was last read from. */
    private record SeriesEntry(Labels labels, int segment) {
    }
    private final LabelsBuilder builder = new LabelsBuilder();
    private final MetadataSender metadata;
    private volatile boolean running = true;
    private Follower follower;
    private WalTailer.Position stoppedAt;
    private Shard[] shards;
    private long lastReshardNanos = System.nanoTime();
    private long lastIn;
    private long lastSent;
    private long lastSendNanos;

    /** A queue sending the samples of the WAL from {@code startMillis} on. */
    QueueManager(String name, RemoteWriteConfig cfg, Labels external, Relabeler relabel, long startMillis) {
        this(name, cfg, external, relabel, startMillis, () -> null);
    }

    /** A queue that also sends the metadata of {@code targets} (remote write 1.0, when enabled). */
    QueueManager(String name, RemoteWriteConfig cfg, Labels external, Relabeler relabel, long startMillis,
            Supplier<TargetsView> targets) {
        this.name = name;
        this.cfg = cfg;
        this.external = external;
        this.relabel = relabel;
        this.startMillis = startMillis;
        this.client = new HttpPost(cfg.url(), cfg.remoteTimeout(), cfg.headers(), cfg.httpClient());
        boolean v2 = RemoteWriteConfig.MESSAGE_V2.equals(cfg.protobufMessage());
        this.metadata = cfg.metadata().send() && !v2
                ? new MetadataSender(name, cfg.metadata(), cfg.queue(), client, targets, metrics) : null;
    }

    /** Starts the shards (and the metadata sender); samples flow once the queue {@link #follow follows} a WAL. */
    void start() {
        QueueConfig q = cfg.queue();
        startShards(Math.max(1, q.minShards()));
        if (metadata != null) {
            metadata.start();
        }
    }

    private void startShards(int n) {
        boolean v2 = RemoteWriteConfig.MESSAGE_V2.equals(cfg.protobufMessage());
        Shard[] s = new Shard[n];
        for (int i = 0; i < n; i++) {
            s[i] = new Shard(name, i, cfg.queue(), client, metrics, v2);
            s[i].start();
        }
        shards = s;
        metrics.shards = n;
    }

    /**
     * Starts following {@code wal} (after stopping to follow another). A follower of the same
     * directory as the last one resumes where that one stopped.
     */
    synchronized void follow(WriteAheadLog wal) {
        unfollow();
        if (!running) {
            return;
        }
        follower = new Follower(wal, stoppedAt);
        follower.thread.start();
        LOG.log(System.Logger.Level.INFO, "remote_write " + name + " to " + cfg.url() + ": reading the WAL in "
                + wal.directory() + (stoppedAt == null ? "" : " from segment " + stoppedAt.segment()));
    }

    /**
     * Stops following the WAL: the reading thread ends, its files are closed and its hold is
     * released. What the shards hold is still sent.
     */
    synchronized void unfollow() {
        Follower f = follower;
        if (f == null) {
            return;
        }
        follower = null;
        f.stop();
        stoppedAt = f.tailer.position();
    }

    /** Whether a WAL is being followed. */
    synchronized boolean following() {
        return follower != null;
    }

    /** Stops reading, sends what is pending (for at most {@code flushDeadlineMillis}), stops the threads. */
    void stop(long flushDeadlineMillis) throws InterruptedException {
        running = false;
        if (metadata != null) {
            metadata.stop();
        }
        unfollow();
        long end = System.currentTimeMillis() + flushDeadlineMillis;
        for (Shard s : shards) {
            s.close(Math.max(1, end - System.currentTimeMillis()), client::close);
        }
        client.close();
    }

    /** The thread reading one WAL, with its tailer and its hold on the WAL's truncation. */
    private final class Follower implements Runnable {
        final WalTailer tailer;
        final WriteAheadLog.Hold hold;
        final Thread thread;
        volatile boolean reading = true;

        Follower(WriteAheadLog wal, WalTailer.Position resume) {
            // Hold everything until the tailer knows which segment it starts with.
            this.hold = wal.hold("remote_write " + name, 0);
            this.tailer = new WalTailer(wal.directory(), hold, startMillis, resume);
            this.thread = new Thread(this, "epimetheus-remote-write-" + name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            // Series refs are the WAL's: a new follower reads them all again.
            series.removeIf(e -> true);
            WalTailer.Sink sink = new WalTailer.Sink() {
                @Override
                public void series(long ref, Labels labels, int segment) {
                    series.put(ref, new SeriesEntry(sendLabels(labels), segment));
                }

                @Override
                public void checkpoint(int index) {
                    series.removeIf(e -> e.segment < index);
                }

                @Override
                public boolean sample(long ref, long t, double v) {
                    return enqueue(ref, t, v);
                }
            };
            try {
                follow(sink);
            } finally {
                try {
                    tailer.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "remote_write " + name + ": closing the WAL: " + e);
                }
                hold.close();
            }
        }

        private void follow(WalTailer.Sink sink) {
            while (reading) {
                try {
                    boolean progressed = tailer.poll(sink);
                    maybeReshard();
                    if (!progressed) {
                        Thread.sleep(200);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    if (!reading) {
                        return; // stopping: the interrupt closed the segment being read
                    }
                    LOG.log(System.Logger.Level.WARNING, "remote_write " + name + ": reading the WAL failed: " + e);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        /** Ends the thread (interrupting a sample blocked on a full shard) and waits for it. */
        void stop() {
            reading = false;
            tailer.stop();
            thread.interrupt();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Labels sendLabels(Labels labels) {
        Labels out = labels;
        if (!external.isEmpty()) {
            builder.reset(labels);
            boolean changed = false;
            for (int i = 0; i < external.size(); i++) {
                if (!labels.has(external.name(i))) {
                    builder.set(external.name(i), external.value(i));
                    changed = true;
                }
            }
            if (changed) {
                out = builder.build();
            }
        }
        out = relabel.process(out, builder);
        return out == null || out.isEmpty() ? DROPPED : out;
    }

    private boolean enqueue(long ref, long t, double v) {
        SeriesEntry entry = series.get(ref);
        Labels l = entry == null ? null : entry.labels;
        metrics.samplesIn.increment();
        QueueMetrics.max(metrics.highestReadMillis, t);
        if (l == null) {
            // A sample whose series record is gone (truncated checkpoint): Prometheus drops it too.
            metrics.samplesDropped.increment();
            return true;
        }
        if (l == DROPPED) {
            metrics.samplesDropped.increment();
            return true;
        }
        long ageLimit = cfg.queue().sampleAgeLimit().toMillis();
        if (ageLimit > 0 && t < System.currentTimeMillis() - ageLimit) {
            metrics.samplesDropped.increment();
            return true;
        }
        Shard[] s = shards;
        int i = (int) ((l.hash() & Long.MAX_VALUE) % s.length);
        try {
            return s[i].enqueue(l, t, v) && running && !Thread.currentThread().isInterrupted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void maybeReshard() throws InterruptedException {
        long now = System.nanoTime();
        long elapsed = now - lastReshardNanos;
        if (elapsed < RESHARD_SECONDS * 1_000_000_000L) {
            return;
        }
        long in = metrics.samplesIn.sum();
        long sent = metrics.samplesSent.sum();
        long sendNanos = metrics.sendNanos.sum();
        double seconds = elapsed / 1e9;
        double inRate = (in - lastIn) / seconds;
        double sentDelta = sent - lastSent;
        double nanosPerSample = sentDelta > 0 ? (sendNanos - lastSendNanos) / sentDelta : 0;
        lastReshardNanos = now;
        lastIn = in;
        lastSent = sent;
        lastSendNanos = sendNanos;
        int pending = 0;
        for (Shard s : shards) {
            pending += s.pending();
        }
        int current = shards.length;
        QueueConfig q = cfg.queue();
        int want = desiredShards(nanosPerSample, inRate, pending, q.minShards(), q.maxShards());
        metrics.desiredShards = want;
        if (nanosPerSample == 0 || !shouldReshard(current, want)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "remote_write " + name + ": resharding from " + current + " to " + want
                + " shards");
        for (Shard s : shards) {
            s.close(Long.MAX_VALUE / 4, () -> { });
        }
        startShards(want);
    }

    /**
     * The shards needed to keep up: the time one sample takes to send times the samples to send per
     * second — the incoming rate plus a 5% share of the backlog — clamped to the configured range.
     */
    static int desiredShards(double nanosPerSample, double inRate, int pending, int minShards, int maxShards) {
        double desired = nanosPerSample / 1e9 * (inRate + 0.05 * pending);
        int want = (int) Math.ceil(desired);
        return Math.max(Math.max(1, minShards), Math.min(maxShards, want));
    }

    /** Resharding drains every shard, so it only pays off for a change of more than 30%. */
    static boolean shouldReshard(int current, int want) {
        return Math.abs(want - current) > 0.3 * current;
    }

    int pending() {
        int p = 0;
        for (Shard s : shards) {
            p += s.pending();
        }
        return p;
    }
}
