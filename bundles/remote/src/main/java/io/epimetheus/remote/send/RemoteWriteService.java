package io.epimetheus.remote.send;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.RemoteWriteConfig;
import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.regex.RegexSyntaxException;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.api.storage.WriteAheadLog;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.httpclient.HttpException;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.remote.config.ConfigSubscription;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Runs one {@link QueueManager} per {@code remote_write} entry of the running {@code
 * prometheus.yml}, reading samples back from the local database's {@link WriteAheadLog} while that
 * service is there: when it goes away (the TSDB stops or restarts for a new configuration) the
 * queues stop reading and release their holds on its truncation, and they resume when a WAL is
 * back. A reload restarts only the queues whose configuration (or the external labels) changed.
 * Exports Prometheus's {@code prometheus_remote_storage_*} metrics.
 */
@Component(service = Collector.class, immediate = true)
public final class RemoteWriteService implements Collector, ConfigListener {

    private static final System.Logger LOG = System.getLogger(RemoteWriteService.class.getName());
    /** How long a stopping queue may keep trying to send what it holds (Prometheus's flush deadline). */
    static final long FLUSH_DEADLINE_MILLIS = 60_000;

    private final Map<String, QueueManager> queues = new LinkedHashMap<>();
    private Labels externalLabels = Labels.EMPTY;
    private final ConfigSubscription subscription = new ConfigSubscription(this, "remote_write");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TargetsView targets;
    /** The WAL being followed; guarded by {@code this}. */
    private WriteAheadLog wal;

    @Activate
    void activate() {
        subscription.activate();
    }

    @Deactivate
    synchronized void deactivate() {
        subscription.deactivate();
        stopAll(new ArrayList<>(queues.values()));
        queues.clear();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindConfig")
    void bindConfig(ConfigService cs) {
        subscription.bind(cs);
    }

    void unbindConfig(ConfigService cs) {
        subscription.unbind(cs);
    }

    /** A (new or higher-ranked) WAL: every queue follows it, leaving the one it followed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindWal")
    synchronized void bindWal(WriteAheadLog w) {
        wal = w;
        for (QueueManager q : queues.values()) {
            q.follow(w);
        }
    }

    /** The WAL goes away: the queues stop reading it (if it is the one they follow). */
    synchronized void unbindWal(WriteAheadLog w) {
        if (wal != w) {
            return;
        }
        wal = null;
        for (QueueManager q : queues.values()) {
            q.unfollow();
        }
        if (!queues.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "remote_write: the WAL at " + w.directory() + " went away;"
                    + " the queues resume when a WAL is back (is epimetheus-tsdb installed and started?)");
        }
    }

    @Override
    public synchronized void configChanged(PrometheusConfig config) {
        if (!subscription.active()) {
            return;
        }
        Map<String, Relabeler> relabelers = new LinkedHashMap<>();
        Map<String, RemoteWriteConfig> wanted = new LinkedHashMap<>();
        for (RemoteWriteConfig rw : config.remoteWrite()) {
            String name = queueName(rw);
            String unsupported = unsupported(rw);
            if (unsupported != null) {
                throw new ConfigException("remote_write " + name + " (" + rw.url() + "): " + unsupported
                        + " is cloud provider authentication, which Epimetheus does not support;"
                        + " remove it, or send through a proxy that authenticates the requests");
            }
            QueueManager running = queues.get(name);
            if (running == null || !running.cfg.equals(rw)) {
                checkClient("remote_write " + name + " (" + rw.url() + ")", rw.httpClient());
            }
            try {
                relabelers.put(name, Relabeler.compile(rw.writeRelabelConfigs()));
            } catch (RegexSyntaxException e) {
                throw new ConfigException("remote_write " + name + ": invalid write_relabel_configs: " + e.getMessage());
            }
            wanted.put(name, rw);
        }
        Labels ext = config.global().externalLabels();
        boolean extChanged = !ext.equals(externalLabels);
        externalLabels = ext;
        List<QueueManager> stop = new ArrayList<>();
        for (var it = queues.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            RemoteWriteConfig w = wanted.get(e.getKey());
            if (w == null || !w.equals(e.getValue().cfg) || extChanged) {
                stop.add(e.getValue());
                it.remove();
            }
        }
        stopAll(stop);
        long now = System.currentTimeMillis();
        for (var e : wanted.entrySet()) {
            if (!queues.containsKey(e.getKey())) {
                QueueManager q = new QueueManager(e.getKey(), e.getValue(), ext, relabelers.get(e.getKey()), now,
                        () -> targets);
                q.start();
                queues.put(e.getKey(), q);
                if (wal != null) {
                    q.follow(wal);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "remote_write " + e.getKey() + " to " + e.getValue().url()
                            + ": no WAL to read yet (is epimetheus-tsdb installed and started?); waiting for it");
                }
            }
        }
    }

    /** The configured cloud provider authentication ({@code sigv4}, {@code azuread}, {@code google_iam}), which the sender cannot do, or {@code null}. */
    static String unsupported(RemoteWriteConfig rw) {
        if (!rw.sigv4().isEmpty()) {
            return "sigv4";
        }
        if (!rw.azuread().isEmpty()) {
            return "azuread";
        }
        if (!rw.googleIam().isEmpty()) {
            return "google_iam";
        }
        return null;
    }

    /** Creates the endpoint's HTTP client as Prometheus does on a reload, failing it when TLS files or the proxy cannot be used. */
    static void checkClient(String what, HttpClientConfig http) {
        try {
            new HttpClient(http).check();
        } catch (HttpException e) {
            throw new ConfigException(what + ": " + e.getMessage());
        }
    }

    /** Stops queues within one flush deadline shared by all of them. */
    private static void stopAll(List<QueueManager> stop) {
        long end = System.currentTimeMillis() + FLUSH_DEADLINE_MILLIS;
        for (QueueManager q : stop) {
            try {
                q.stop(Math.max(1, end - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The configured name, or (as Prometheus) the first 6 hex digits of a hash of the configuration. */
    static String queueName(RemoteWriteConfig rw) {
        if (!rw.name().isEmpty()) {
            return rw.name();
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(rw.url().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void collect(MetricSink sink) {
        List<QueueManager> qs;
        synchronized (this) {
            qs = new ArrayList<>(queues.values());
        }
        long highestIn = 0;
        for (QueueManager q : qs) {
            highestIn = Math.max(highestIn, q.metrics.highestReadMillis.get());
        }
        sink.family("prometheus_remote_storage_highest_timestamp_in_seconds", MetricType.GAUGE,
                "Highest timestamp that has come into the remote storage via the Appender interface, in seconds"
                        + " since epoch.", "");
        sink.sample("prometheus_remote_storage_highest_timestamp_in_seconds", Labels.EMPTY, highestIn / 1000.0);
        counter(sink, qs, "samples", "Total number of samples sent to remote storage.", m -> m.samplesSent.sum());
        counter(sink, qs, "samples_failed", "Total number of samples which failed on send to remote storage,"
                + " non-recoverable errors.", m -> m.samplesFailed.sum());
        counter(sink, qs, "samples_retried", "Total number of samples which failed on send to remote storage but"
                + " were retried because the send error was recoverable.", m -> m.samplesRetried.sum());
        counter(sink, qs, "samples_dropped", "Total number of samples which were dropped after being read from"
                + " the WAL before being sent via remote write, either via relabelling, due to being too old or"
                + " unintentionally because of an unknown reference ID.", m -> m.samplesDropped.sum());
        counter(sink, qs, "metadata", "Total number of metadata entries sent to remote storage.",
                m -> m.metadataSent.sum());
        counter(sink, qs, "metadata_failed", "Total number of metadata entries which failed on send to remote"
                + " storage, non-recoverable errors.", m -> m.metadataFailed.sum());
        counter(sink, qs, "metadata_retried", "Total number of metadata entries which failed on send to remote"
                + " storage but were retried because the send error was recoverable.", m -> m.metadataRetried.sum());
        counter(sink, qs, "metadata_bytes", "The total number of bytes of metadata sent by the queue after"
                + " compression.", m -> m.metadataBytes.sum());
        counter(sink, qs, "bytes", "The total number of bytes of data (not metadata) sent by the queue after"
                + " compression.", m -> m.bytesSent.sum());
        counter(sink, qs, "enqueue_retries", "Total number of times enqueue has failed because a shards queue was"
                + " full.", m -> m.enqueueRetries.sum());
        sink.family("prometheus_remote_storage_samples_in", MetricType.COUNTER,
                "Samples in to remote storage, compare to samples out for queue managers.", "");
        long in = 0;
        for (QueueManager q : qs) {
            in += q.metrics.samplesIn.sum();
        }
        sink.sample("prometheus_remote_storage_samples_in_total", Labels.EMPTY, in);
        gauge(sink, qs, "queue_highest_sent_timestamp_seconds", "Timestamp from a WAL sample, the highest"
                + " timestamp successfully sent by this queue, in seconds since epoch.",
                q -> q.metrics.highestSentMillis.get() / 1000.0);
        gauge(sink, qs, "samples_pending", "The number of samples pending in the queues shards to be sent to the"
                + " remote storage.", QueueManager::pending);
        gauge(sink, qs, "shards", "The number of shards used for parallel sending to the remote storage.",
                q -> q.metrics.shards);
        gauge(sink, qs, "shards_desired", "The number of shards that the queues shard calculation wants to run"
                + " based on the rate of samples in vs. samples out.", q -> q.metrics.desiredShards);
        gauge(sink, qs, "shards_max", "The maximum number of shards that the queue is allowed to run.",
                q -> q.cfg.queue().maxShards());
        gauge(sink, qs, "shards_min", "The minimum number of shards that the queue is allowed to run.",
                q -> q.cfg.queue().minShards());
        gauge(sink, qs, "shard_capacity", "The capacity of each shard of the queue used for parallel sending to the"
                + " remote storage.", q -> q.cfg.queue().capacity());
        gauge(sink, qs, "max_samples_per_send", "The maximum number of samples to be sent, in a single request, to"
                + " the remote storage.", q -> q.cfg.queue().maxSamplesPerSend());
    }

    private static Labels labels(QueueManager q) {
        return Labels.of("remote_name", q.name, "url", q.cfg.url());
    }

    private static void counter(MetricSink sink, List<QueueManager> qs, String name, String help,
            java.util.function.ToDoubleFunction<QueueMetrics> f) {
        sink.family("prometheus_remote_storage_" + name, MetricType.COUNTER, help, "");
        for (QueueManager q : qs) {
            sink.sample("prometheus_remote_storage_" + name + "_total", labels(q), f.applyAsDouble(q.metrics));
        }
    }

    private static void gauge(MetricSink sink, List<QueueManager> qs, String name, String help,
            java.util.function.ToDoubleFunction<QueueManager> f) {
        sink.family("prometheus_remote_storage_" + name, MetricType.GAUGE, help, "");
        for (QueueManager q : qs) {
            sink.sample("prometheus_remote_storage_" + name, labels(q), f.applyAsDouble(q));
        }
    }
}
