package io.epimetheus.scrape.loop;

import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.discovery.TargetGroup;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.scrape.ActiveTarget;
import io.epimetheus.api.scrape.DroppedTarget;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.httpclient.HttpException;
import io.epimetheus.scrape.http.TargetConnection;
import io.epimetheus.scrape.target.ScrapeTarget;
import io.epimetheus.scrape.target.TargetBuilder;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The targets of one scrape config and their loops. {@link #sync} turns discovered target groups
 * into targets (relabeling them), starts loops for new targets and stops those of vanished ones;
 * {@link #reload} applies a changed config, restarting the loops. Thread-safe (all methods are
 * synchronized; they are called from the manager's thread and the views).
 */
public final class ScrapePool {

    private static final Logger LOG = System.getLogger(ScrapePool.class.getName());

    private final ScrapeScheduler scheduler;
    private ScrapeConfig config;
    private LoopOptions options;
    private Relabeler targetRelabeler;
    private HttpClient client;
    private List<TargetGroup> groups = List.of();
    private final Map<Long, LoopRunner> loops = new LinkedHashMap<>();
    private List<DroppedTarget> dropped = List.of();
    private long droppedCount;
    private long syncs;
    private double syncSeconds;
    private long syncFailed;
    private boolean stopped;
    private FailureLog failureLog;

    /**
     * @throws IllegalArgumentException when the HTTP client cannot be created (an unreadable CA
     *     file, a client key that does not match its certificate, ...), as in Prometheus
     */
    public ScrapePool(ScrapeConfig config, ScrapeScheduler scheduler) {
        this.scheduler = scheduler;
        configure(config, newClient(config));
    }

    private static HttpClient newClient(ScrapeConfig c) {
        HttpClient client = new HttpClient(c.httpClient());
        try {
            client.check();
        } catch (HttpException e) {
            throw new IllegalArgumentException("error creating HTTP client: " + e.getMessage(), e);
        }
        return client;
    }

    private void configure(ScrapeConfig c, HttpClient httpClient) {
        config = c;
        options = LoopOptions.of(c);
        targetRelabeler = Relabeler.compile(c.relabelConfigs());
        client = httpClient;
    }

    /**
     * Sets where the loops log failed fetches ({@code scrape_failure_log_file}), {@code null} for
     * nowhere; running loops switch at once, as Prometheus's do on a reload.
     */
    public synchronized void failureLog(FailureLog log) {
        failureLog = log;
        for (LoopRunner r : loops.values()) {
            r.loop().failureLog(log);
        }
    }

    public synchronized ScrapeConfig config() {
        return config;
    }

    /** Applies the target groups discovered for this job (all of them, not a delta). */
    public synchronized void sync(Collection<TargetGroup> discovered) {
        if (stopped) {
            return;
        }
        long start = System.nanoTime();
        groups = List.copyOf(discovered);
        Map<Long, ScrapeTarget> targets = buildTargets();
        Map<Long, LoopRunner> next = new LinkedHashMap<>();
        List<LoopRunner> started = new ArrayList<>();
        for (Map.Entry<Long, ScrapeTarget> t : targets.entrySet()) {
            LoopRunner existing = loops.remove(t.getKey());
            if (existing != null) {
                next.put(t.getKey(), existing);
            } else {
                LoopRunner r = newRunner(t.getValue(), null);
                next.put(t.getKey(), r);
                started.add(r);
            }
        }
        for (LoopRunner gone : loops.values()) {
            gone.stop(true);
        }
        loops.clear();
        loops.putAll(next);
        applyTargetLimit();
        for (LoopRunner r : started) {
            r.start();
        }
        syncs++;
        syncSeconds += (System.nanoTime() - start) / 1e9;
    }

    /**
     * Applies a changed config: loops restart with the new settings (series caches kept when
     * compatible). A change of the SD sections alone restarts nothing: the discovery is restarted by
     * the manager and the next {@link #sync} adds and removes targets.
     */
    public synchronized void reload(ScrapeConfig next) {
        if (stopped || next.equals(config)) {
            return;
        }
        if (withoutDiscovery(next).equals(withoutDiscovery(config))) {
            config = next;
            return;
        }
        scheduler.metrics().poolReloads.increment();
        // A client that cannot be created fails the reload and the running loops keep scraping.
        HttpClient nextClient = newClient(next);
        boolean cacheCompatible = next.honorLabels() == config.honorLabels()
                && next.metricRelabelConfigs().equals(config.metricRelabelConfigs())
                && next.metricNameValidationScheme() == config.metricNameValidationScheme()
                && next.limits().equals(config.limits());
        Map<Long, LoopRunner> old = new HashMap<>(loops);
        loops.clear();
        for (LoopRunner r : old.values()) {
            r.stop(false);
        }
        configure(next, nextClient);
        for (Map.Entry<Long, ScrapeTarget> t : buildTargets().entrySet()) {
            LoopRunner previous = old.get(t.getKey());
            ScrapeCache cache = cacheCompatible && previous != null ? previous.loop().cache() : null;
            loops.put(t.getKey(), newRunner(t.getValue(), cache));
        }
        applyTargetLimit();
        for (LoopRunner r : loops.values()) {
            r.start();
        }
    }

    /**
     * Stops every loop.
     *
     * @param staleness whether the targets' series get staleness markers (the job was removed from
     *     the configuration), not when Epimetheus shuts down
     */
    public synchronized void stop(boolean staleness) {
        stopped = true;
        for (LoopRunner r : loops.values()) {
            r.stop(staleness);
        }
        loops.clear();
    }

    private static ScrapeConfig withoutDiscovery(ScrapeConfig c) {
        return new ScrapeConfig(c.jobName(), c.honorLabels(), c.honorTimestamps(), c.trackTimestampsStaleness(),
                c.params(), c.scrapeInterval(), c.scrapeTimeout(), c.scrapeProtocols(), c.fallbackScrapeProtocol(),
                c.scrapeNativeHistograms(), c.alwaysScrapeClassicHistograms(), c.convertClassicHistogramsToNhcb(),
                c.extraScrapeMetrics(), c.scrapeFailureLogFile(), c.metricsPath(), c.scheme(), c.enableCompression(),
                c.limits(), c.nativeHistogramBucketLimit(), c.nativeHistogramMinBucketFactor(),
                c.metricNameValidationScheme(), c.metricNameEscapingScheme(), c.httpClient(), c.relabelConfigs(),
                c.metricRelabelConfigs(), List.of());
    }

    private LoopRunner newRunner(ScrapeTarget target, ScrapeCache cache) {
        ScrapeLoop loop = new ScrapeLoop(target, options, new TargetConnection(client), scheduler.storage(),
                scheduler.metrics(), cache);
        loop.failureLog(failureLog);
        return new LoopRunner(loop, scheduler);
    }

    /** The targets of the current groups, deduplicated, in discovery order; records dropped ones. */
    private Map<Long, ScrapeTarget> buildTargets() {
        TargetBuilder builder = new TargetBuilder(config, targetRelabeler);
        Map<Long, ScrapeTarget> out = new LinkedHashMap<>();
        List<DroppedTarget> droppedNow = new ArrayList<>();
        long droppedNowCount = 0;
        long keep = config.limits().keepDroppedTargets();
        for (TargetGroup g : groups) {
            for (int i = 0; i < g.targets().size(); i++) {
                TargetBuilder.Result r = builder.build(g.targets().get(i), g.labels());
                if (r.error() != null) {
                    syncFailed++;
                    LOG.log(Level.WARNING, "Creating target failed: instance {0} in group {1}: {2}", i, g.source(),
                            r.error());
                } else if (r.dropped() || isEmptyTarget(r.labels())) {
                    if (keep == 0 || droppedNow.size() < keep) {
                        droppedNow.add(new DroppedTarget(config.jobName(), r.discovered()));
                    }
                    droppedNowCount++;
                } else {
                    ScrapeTarget t = new ScrapeTarget(config.jobName(), r.labels(), r.discovered(), config.params());
                    LoopRunner existing = loops.get(t.hash());
                    out.putIfAbsent(t.hash(), existing != null ? existing.target() : t);
                }
            }
        }
        dropped = droppedNow;
        droppedCount = droppedNowCount;
        return out;
    }

    private static boolean isEmptyTarget(Labels labels) {
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.name(i).startsWith("__")) {
                return false;
            }
        }
        return true;
    }

    private void applyTargetLimit() {
        long limit = config.limits().targetLimit();
        String error = null;
        if (limit > 0 && loops.size() > limit) {
            scheduler.metrics().exceededTargetLimit.increment();
            error = "target_limit exceeded (number of targets: " + loops.size() + ", limit: " + limit + ")";
        }
        for (LoopRunner r : loops.values()) {
            r.loop().forceError(error);
        }
    }

    public synchronized List<ActiveTarget> activeTargets() {
        List<ActiveTarget> out = new ArrayList<>(loops.size());
        for (LoopRunner r : loops.values()) {
            out.add(r.target().view());
        }
        return out;
    }

    /** The targets, for metadata queries. */
    public synchronized List<ScrapeTarget> targets() {
        List<ScrapeTarget> out = new ArrayList<>(loops.size());
        for (LoopRunner r : loops.values()) {
            out.add(r.target());
        }
        return out;
    }

    public synchronized List<DroppedTarget> droppedTargets() {
        return dropped;
    }

    public synchronized long droppedTargetCount() {
        return droppedCount;
    }

    /**
     * Sync statistics for the self-metrics.
     *
     * @param syncs how many syncs ran
     * @param seconds their total duration
     * @param failed how many discovered targets could not be turned into targets
     * @param targets the current number of targets
     */
    public record SyncStats(long syncs, double seconds, long failed, int targets) {
    }

    public synchronized SyncStats syncStats() {
        return new SyncStats(syncs, syncSeconds, syncFailed, loops.size());
    }

    @Override
    public String toString() {
        return "ScrapePool[" + Objects.toString(config.jobName()) + "]";
    }
}
