package io.epimetheus.scrape.manager;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.config.SdConfig;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.scrape.ActiveTarget;
import io.epimetheus.api.scrape.DroppedTarget;
import io.epimetheus.api.scrape.TargetMetadata;
import io.epimetheus.api.scrape.TargetsView;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.scrape.loop.FailureLog;
import io.epimetheus.scrape.loop.ScrapeMetrics;
import io.epimetheus.scrape.loop.ScrapePool;
import io.epimetheus.scrape.loop.ScrapeScheduler;
import io.epimetheus.scrape.target.ScrapeTarget;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Runs scraping: follows the configuration of the bound {@link ConfigService}, runs the service
 * discovery of every scrape config with the installed {@link DiscovererFactory} plugins, keeps one
 * {@link ScrapePool} per job in sync with the discovered targets, and appends into the bound
 * {@link Storage}. A reload restarts only the pools whose scrape config changed and only the
 * discovery whose SD sections changed. Registers the {@link TargetsView} and the scrape
 * self-metrics.
 *
 * <p>Threading: configuration changes and target syncs run on one manager thread; scrapes on the
 * scheduler's threads; views are served from any thread.
 */
@Component(service = {TargetsView.class, Collector.class}, immediate = true)
public final class ScrapeManager implements TargetsView, Collector {

    private static final Logger LOG = System.getLogger(ScrapeManager.class.getName());
    /** Prometheus sends discovery updates to scrape pools at most this often. */
    private static final long SYNC_INTERVAL_MILLIS = 5000;

    private final ScrapeMetrics metrics = new ScrapeMetrics();
    private final Map<String, DiscovererFactory> factories = new HashMap<>();
    private final Map<String, ScrapePool> pools = new LinkedHashMap<>();
    private final Map<String, JobDiscovery> discovery = new HashMap<>();
    private final Set<String> syncPending = new LinkedHashSet<>();
    private final Map<String, Long> lastSync = new HashMap<>();
    private final ConfigListener listener = this::configChanged;
    private volatile Storage storage;
    private ConfigService configService;
    private ScheduledExecutorService control;
    private ScrapeScheduler scheduler;
    private Path configDir = Path.of("");
    private boolean active;
    /** The {@code scrape_failure_log_file}s in use by path; replaced on the control thread. */
    private Map<String, FailureLog> failureLogs = Map.of();
    /** Every failure log opened and not closed yet, including those of a configuration not applied yet. */
    private final Set<FailureLog> openLogs = ConcurrentHashMap.newKeySet();

    @Activate
    void activate() {
        control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "epimetheus-scrape-manager");
            t.setDaemon(true);
            return t;
        });
        scheduler = new ScrapeScheduler(() -> storage, metrics, offsetSeed());
        ConfigService cs;
        synchronized (this) {
            active = true;
            cs = configService;
        }
        if (cs != null) {
            listen(cs);
        }
    }

    /** Registers for configurations; one that cannot be applied is logged and leaves the manager running. */
    private void listen(ConfigService cs) {
        try {
            cs.addListener(listener);
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, "Scrape configuration not applied: {0}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        ConfigService cs;
        synchronized (this) {
            active = false;
            cs = configService;
        }
        if (cs != null) {
            cs.removeListener(listener);
        }
        control.shutdownNow();
        try {
            control.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (pools) {
            for (JobDiscovery d : discovery.values()) {
                d.close();
            }
            discovery.clear();
            for (ScrapePool p : pools.values()) {
                p.stop(false);
            }
            pools.clear();
            failureLogs = Map.of();
        }
        closeAll(new ArrayList<>(openLogs));
        scheduler.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfigService(ConfigService cs) {
        ConfigService old;
        boolean isActive;
        synchronized (this) {
            old = configService;
            configService = cs;
            isActive = active;
        }
        if (isActive) {
            if (old != null) {
                old.removeListener(listener);
            }
            listen(cs);
        }
    }

    void unbindConfigService(ConfigService cs) {
        boolean isActive;
        synchronized (this) {
            if (configService != cs) {
                return;
            }
            configService = null;
            isActive = active;
        }
        if (isActive) {
            cs.removeListener(listener);
            configChanged(PrometheusConfig.EMPTY);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStorage(Storage s) {
        storage = s;
    }

    void unbindStorage(Storage s) {
        if (storage == s) {
            storage = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDiscovererFactory(DiscovererFactory f, Map<String, Object> props) {
        String type = String.valueOf(props.get(DiscovererFactory.TYPE_PROPERTY));
        synchronized (factories) {
            factories.put(type, f);
        }
        runOnControl(() -> restartDiscovery(j -> j.needs(type)));
    }

    void unbindDiscovererFactory(DiscovererFactory f, Map<String, Object> props) {
        String type = String.valueOf(props.get(DiscovererFactory.TYPE_PROPERTY));
        synchronized (factories) {
            if (factories.get(type) == f) {
                factories.remove(type);
            }
        }
        runOnControl(() -> restartDiscovery(j -> j.configs().stream().anyMatch(sd -> sd.type().equals(type))));
    }

    private DiscovererFactory factory(String type) {
        synchronized (factories) {
            return factories.get(type);
        }
    }

    /** Runs {@code task} on the manager's thread; {@code false} when the manager has stopped. */
    private boolean runOnControl(Runnable task) {
        ScheduledExecutorService c = control;
        if (c == null || c.isShutdown()) {
            return false;
        }
        try {
            c.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Takes a new configuration: its {@code scrape_failure_log_file}s are (re)opened now, so that
     * one that cannot be opened fails the reload as in Prometheus; the rest is applied on the
     * manager's thread.
     */
    private void configChanged(PrometheusConfig config) {
        Map<String, FailureLog> logs = openFailureLogs(config);
        if (!runOnControl(() -> apply(config, logs))) {
            closeAll(logs.values());
        }
    }

    private Map<String, FailureLog> openFailureLogs(PrometheusConfig config) {
        Map<String, FailureLog> logs = new HashMap<>();
        for (ScrapeConfig c : config.scrapeConfigs()) {
            String file = c.scrapeFailureLogFile();
            if (!file.isEmpty() && !logs.containsKey(file)) {
                try {
                    FailureLog log = FailureLog.open(Path.of(file));
                    openLogs.add(log);
                    logs.put(file, log);
                } catch (IOException e) {
                    closeAll(logs.values());
                    throw new ConfigException(e.getMessage());
                }
            }
        }
        return logs;
    }

    private void closeAll(Collection<FailureLog> logs) {
        for (FailureLog l : logs) {
            l.close();
            openLogs.remove(l);
        }
    }

    /** Applies a configuration: creates, reloads and removes pools and restarts changed discovery. */
    private void apply(PrometheusConfig config, Map<String, FailureLog> logs) {
        configDir = config.file().isEmpty() ? Path.of("") : Path.of(config.file()).toAbsolutePath().getParent();
        Map<String, ScrapeConfig> wanted = new LinkedHashMap<>();
        for (ScrapeConfig c : config.scrapeConfigs()) {
            wanted.put(c.jobName(), c);
        }
        synchronized (pools) {
            for (String job : new ArrayList<>(pools.keySet())) {
                if (!wanted.containsKey(job)) {
                    pools.remove(job).stop(true);
                    JobDiscovery d = discovery.remove(job);
                    if (d != null) {
                        d.close();
                    }
                }
            }
            for (ScrapeConfig c : wanted.values()) {
                ScrapePool pool = pools.get(c.jobName());
                FailureLog log = logs.get(c.scrapeFailureLogFile());
                if (pool == null) {
                    metrics.poolsCreated.increment();
                    try {
                        ScrapePool created = new ScrapePool(c, scheduler);
                        created.failureLog(log);
                        pools.put(c.jobName(), created);
                    } catch (RuntimeException e) {
                        metrics.poolsFailed.increment();
                        LOG.log(Level.ERROR, "Cannot create scrape pool {0}: {1}", c.jobName(), e.getMessage());
                        continue;
                    }
                } else {
                    // The loops a reload starts must write to the newly opened file.
                    pool.failureLog(log);
                    try {
                        pool.reload(c);
                    } catch (RuntimeException e) {
                        metrics.poolReloadsFailed.increment();
                        LOG.log(Level.ERROR, "Cannot reload scrape pool {0}: {1}", c.jobName(), e.getMessage());
                    }
                }
                JobDiscovery d = discovery.get(c.jobName());
                if (d == null || !d.configs().equals(c.serviceDiscoveryConfigs())) {
                    if (d != null) {
                        d.close();
                    }
                    startDiscovery(c.jobName(), c.serviceDiscoveryConfigs());
                } else if (pool != null) {
                    requestSync(c.jobName());
                }
            }
            closeAll(failureLogs.values());
            failureLogs = logs;
        }
    }

    private void startDiscovery(String job, List<SdConfig> configs) {
        JobDiscovery d = new JobDiscovery(job, configs, configDir);
        discovery.put(job, d);
        d.start(this::factory, () -> requestSync(job));
        requestSync(job);
    }

    private void restartDiscovery(Predicate<JobDiscovery> which) {
        synchronized (pools) {
            for (Map.Entry<String, JobDiscovery> e : new ArrayList<>(discovery.entrySet())) {
                if (which.test(e.getValue())) {
                    e.getValue().close();
                    startDiscovery(e.getKey(), e.getValue().configs());
                }
            }
        }
    }

    /** Schedules a sync of the job's pool, at most one per {@value #SYNC_INTERVAL_MILLIS} ms. */
    private void requestSync(String job) {
        long delay;
        synchronized (syncPending) {
            if (!syncPending.add(job)) {
                return;
            }
            Long last = lastSync.get(job);
            delay = last == null ? 0 : Math.max(0, last + SYNC_INTERVAL_MILLIS - System.currentTimeMillis());
        }
        ScheduledExecutorService c = control;
        if (c != null && !c.isShutdown()) {
            c.schedule(() -> sync(job), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void sync(String job) {
        synchronized (syncPending) {
            syncPending.remove(job);
            lastSync.put(job, System.currentTimeMillis());
        }
        synchronized (pools) {
            ScrapePool pool = pools.get(job);
            JobDiscovery d = discovery.get(job);
            if (pool != null && d != null) {
                pool.sync(d.groups());
            }
        }
    }

    /** A seed from the host name, so that Epimetheus instances scraping the same targets do so at different offsets. */
    private static long offsetSeed() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return Labels.of("hostname", host).hash();
    }

    private List<ScrapePool> poolList() {
        synchronized (pools) {
            return new ArrayList<>(pools.values());
        }
    }

    // ---- TargetsView

    @Override
    public List<String> scrapePools() {
        synchronized (pools) {
            List<String> names = new ArrayList<>(pools.keySet());
            names.sort(null);
            return names;
        }
    }

    @Override
    public List<ActiveTarget> activeTargets() {
        List<ActiveTarget> out = new ArrayList<>();
        for (ScrapePool p : poolList()) {
            out.addAll(p.activeTargets());
        }
        out.sort(Comparator.comparing(ActiveTarget::scrapePool).thenComparing(ActiveTarget::labels));
        return out;
    }

    @Override
    public List<DroppedTarget> droppedTargets() {
        List<DroppedTarget> out = new ArrayList<>();
        for (ScrapePool p : poolList()) {
            out.addAll(p.droppedTargets());
        }
        out.sort(Comparator.comparing(DroppedTarget::scrapePool));
        return out;
    }

    @Override
    public Map<String, Long> droppedTargetCounts() {
        Map<String, Long> out = new TreeMap<>();
        for (ScrapePool p : poolList()) {
            out.put(p.config().jobName(), p.droppedTargetCount());
        }
        return out;
    }

    @Override
    public List<TargetMetadata> targetMetadata(Predicate<Labels> targetFilter, String metric, int limit) {
        List<TargetMetadata> out = new ArrayList<>();
        for (ScrapePool p : poolList()) {
            for (ScrapeTarget t : p.targets()) {
                if (!targetFilter.test(t.publicLabels())) {
                    continue;
                }
                for (Map.Entry<String, MetricMetadata> m : new TreeMap<>(t.metadata()).entrySet()) {
                    if (metric != null && !metric.equals(m.getKey())) {
                        continue;
                    }
                    if (limit >= 0 && out.size() >= limit) {
                        return out;
                    }
                    out.add(new TargetMetadata(t.publicLabels(), m.getKey(), m.getValue()));
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric) {
        Map<String, Set<MetricMetadata>> byName = new TreeMap<>();
        for (ScrapePool p : poolList()) {
            for (ScrapeTarget t : p.targets()) {
                for (Map.Entry<String, MetricMetadata> m : t.metadata().entrySet()) {
                    if (metric == null || metric.equals(m.getKey())) {
                        byName.computeIfAbsent(m.getKey(), k -> new LinkedHashSet<>()).add(m.getValue());
                    }
                }
            }
        }
        Map<String, List<MetricMetadata>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Set<MetricMetadata>> e : byName.entrySet()) {
            if (limit >= 0 && out.size() >= limit) {
                break;
            }
            List<MetricMetadata> list = new ArrayList<>(e.getValue());
            if (limitPerMetric >= 0 && list.size() > limitPerMetric) {
                list = list.subList(0, limitPerMetric);
            }
            out.put(e.getKey(), List.copyOf(list));
        }
        return out;
    }

    // ---- Collector

    @Override
    public void collect(MetricSink sink) {
        metrics.collect(sink);
        List<ScrapePool> list = poolList();
        Map<String, ScrapePool.SyncStats> stats = new TreeMap<>();
        for (ScrapePool p : list) {
            stats.put(p.config().jobName(), p.syncStats());
        }
        sink.family("prometheus_target_scrape_pool_targets", MetricType.GAUGE,
                "Current number of targets in this scrape pool.", "");
        stats.forEach((job, s) -> sink.sample("prometheus_target_scrape_pool_targets", Labels.of("scrape_job", job), s.targets()));
        sink.family("prometheus_target_scrape_pool_sync", MetricType.COUNTER,
                "Total number of syncs that were executed on a scrape pool.", "");
        stats.forEach((job, s) -> sink.sample("prometheus_target_scrape_pool_sync_total", Labels.of("scrape_job", job), s.syncs()));
        sink.family("prometheus_target_sync_failed", MetricType.COUNTER,
                "Total number of target sync failures.", "");
        stats.forEach((job, s) -> sink.sample("prometheus_target_sync_failed_total", Labels.of("scrape_job", job), s.failed()));
        sink.family("prometheus_target_sync_length_seconds", MetricType.SUMMARY,
                "Actual interval to sync the scrape pool.", "");
        stats.forEach((job, s) -> {
            sink.sample("prometheus_target_sync_length_seconds_sum", Labels.of("scrape_job", job), s.seconds());
            sink.sample("prometheus_target_sync_length_seconds_count", Labels.of("scrape_job", job), s.syncs());
        });
        Map<String, JobDiscovery> jobs;
        synchronized (pools) {
            jobs = new TreeMap<>(discovery);
        }
        sink.family("prometheus_sd_discovered_targets", MetricType.GAUGE, "Current number of discovered targets.", "");
        jobs.forEach((job, d) -> sink.sample("prometheus_sd_discovered_targets",
                Labels.of("config", job, "name", "scrape"), d.targetCount()));
        long updates = 0;
        long failed = 0;
        for (JobDiscovery d : jobs.values()) {
            updates += d.updates();
            failed += d.failedConfigs();
        }
        sink.family("prometheus_sd_received_updates", MetricType.COUNTER,
                "Total number of update events received from the SD providers.", "");
        sink.sample("prometheus_sd_received_updates_total", Labels.of("name", "scrape"), updates);
        sink.family("prometheus_sd_failed_configs", MetricType.GAUGE,
                "Current number of service discovery configurations that failed to load.", "");
        sink.sample("prometheus_sd_failed_configs", Labels.of("name", "scrape"), failed);
    }
}
