package io.epimetheus.remote.send;

import io.epimetheus.api.config.MetadataConfig;
import io.epimetheus.api.config.QueueConfig;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.remote.client.HttpPost;
import io.epimetheus.remote.codec.ProtoWriter;
import io.epimetheus.remote.write.WriteRequestEncoder;
import io.epimetheus.tsdb.format.snappy.SnappyBlock;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sends the metric metadata of the scraped targets every {@code metadata_config.send_interval},
 * as Prometheus does for remote write 1.0: {@code MetricMetadata} entries in batches of {@code
 * max_samples_per_send}, retried with backoff on recoverable errors until the next round.
 */
final class MetadataSender implements Runnable {

    private static final System.Logger LOG = System.getLogger(MetadataSender.class.getName());

    private final String name;
    private final MetadataConfig cfg;
    private final QueueConfig queue;
    private final HttpPost client;
    private final Supplier<TargetsView> targets;
    private final QueueMetrics metrics;
    private final Thread thread;
    private volatile boolean running = true;

    MetadataSender(String name, MetadataConfig cfg, QueueConfig queue, HttpPost client, Supplier<TargetsView> targets,
            QueueMetrics metrics) {
        this.name = name;
        this.cfg = cfg;
        this.queue = queue;
        this.client = client;
        this.targets = targets;
        this.metrics = metrics;
        this.thread = new Thread(this, "epimetheus-remote-write-" + name + "-metadata");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }

    @Override
    public void run() {
        long interval = Math.max(1, cfg.sendInterval().toMillis());
        try {
            while (running) {
                Thread.sleep(interval);
                TargetsView view = targets.get();
                if (view != null) {
                    sendAll(view.metadata(null, -1, -1), System.currentTimeMillis() + interval);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void sendAll(Map<String, List<MetricMetadata>> families, long giveUpAt) throws InterruptedException {
        WriteRequestEncoder enc = new WriteRequestEncoder(false);
        int n = 0;
        for (Map.Entry<String, List<MetricMetadata>> e : families.entrySet()) {
            for (MetricMetadata m : e.getValue()) {
                enc.addMetadata(e.getKey(), m.type(), m.help(), m.unit());
                if (++n == cfg.maxSamplesPerSend()) {
                    send(enc, n, giveUpAt);
                    enc.reset();
                    n = 0;
                }
            }
        }
        if (n > 0) {
            send(enc, n, giveUpAt);
        }
    }

    private void send(WriteRequestEncoder enc, int n, long giveUpAt) throws InterruptedException {
        ProtoWriter body = enc.finish();
        byte[] c = new byte[SnappyBlock.maxEncodedLength(body.size())];
        int len = new SnappyBlock().encode(body.buffer(), 0, body.size(), c);
        long backoff = queue.minBackoff().toMillis();
        while (running) {
            String error;
            HttpPost.Outcome o = null;
            try {
                o = client.postWrite(c, len, false);
                error = o.status() / 100 == 2 ? null : "HTTP status " + o.status() + ": " + o.body();
            } catch (IOException e) {
                error = e.getMessage();
            }
            if (error == null) {
                metrics.metadataSent.add(n);
                metrics.metadataBytes.add(len);
                return;
            }
            boolean recoverable = o == null || o.status() / 100 == 5 || (o.status() == 429 && queue.retryOnHttp429());
            if (!recoverable || System.currentTimeMillis() + backoff > giveUpAt) {
                metrics.metadataFailed.add(n);
                LOG.log(System.Logger.Level.WARNING, "remote_write " + name + ": dropping " + n + " metadata: " + error);
                return;
            }
            metrics.metadataRetried.add(n);
            Thread.sleep(backoff);
            backoff = Math.min(queue.maxBackoff().toMillis(), backoff * 2);
        }
    }
}
