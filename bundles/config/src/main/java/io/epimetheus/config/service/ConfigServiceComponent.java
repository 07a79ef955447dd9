package io.epimetheus.config.service;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.ConfigListener;
import io.epimetheus.api.config.ConfigService;
import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.config.PrometheusConfig;
import io.epimetheus.api.config.ReloadStatus;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.config.load.ConfigLoader;
import io.epimetheus.config.print.ConfigPrinter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The running {@code prometheus.yml}: loads it on activation, reloads it on request, on a change of
 * its content (with {@code auto.reload}) and when an SD plugin appears after a load that failed;
 * keeps the running configuration when a reload fails; reports the outcome as Prometheus's
 * {@code prometheus_config_last_reload_*} metrics.
 */
@Component(service = {ConfigService.class, Collector.class}, configurationPid = ConfigServiceComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ConfigServiceComponent.Settings.class)
public final class ConfigServiceComponent implements ConfigService, Collector {

    /** The configuration PID. */
    public static final String PID = "io.epimetheus.config";

    private static final Logger LOG = System.getLogger(ConfigServiceComponent.class.getName());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    /** Settings of the configuration service. */
    @ObjectClassDefinition(name = "Epimetheus configuration file",
            description = "Where prometheus.yml is and whether it is reloaded automatically when it changes.")
    public @interface Settings {
        @AttributeDefinition(description = "The prometheus.yml file. ${karaf.etc} and other ${system.property} "
                + "references are replaced.")
        String file() default "${karaf.etc}/prometheus.yml";

        @AttributeDefinition(description = "Reload when the content of the file (or of its scrape_config_files "
                + "and rule_files) changes, checked every auto.reload.interval.")
        boolean auto_reload() default false;

        @AttributeDefinition(description = "How often to check for changes when auto.reload is on, e.g. 30s.")
        String auto_reload_interval() default "30s";
    }

    private final SdFactories factories = new SdFactories();
    private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();
    private final Object reloadLock = new Object();
    private ScheduledExecutorService executor;
    private ConfigLoader loader;
    private volatile Path file;
    private volatile PrometheusConfig current = PrometheusConfig.EMPTY;
    private volatile boolean loaded;
    private volatile ReloadStatus status;
    private ContentChecksum lastChecksum;

    @Activate
    void activate(Settings settings) {
        loader = new ConfigLoader(factories::factory, System::getenv);
        executor = newExecutor();
        apply(settings);
    }

    @Modified
    void modified(Settings settings) {
        executor.shutdownNow();
        executor = newExecutor();
        apply(settings);
    }

    private static ScheduledExecutorService newExecutor() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "epimetheus-config");
            t.setDaemon(true);
            return t;
        });
    }

    private void apply(Settings settings) {
        file = Path.of(interpolate(settings.file()));
        status = new ReloadStatus(file.toString(), false, null, null, null);
        reload();
        if (settings.auto_reload()) {
            long every = PromDuration.parse(settings.auto_reload_interval());
            executor.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDiscovererFactory(DiscovererFactory factory, Map<String, Object> properties) {
        factories.add(factory, properties);
        ReloadStatus s = status;
        ScheduledExecutorService ex = executor;
        // A configuration that failed may have failed for lack of this plugin.
        if (s != null && !s.success() && ex != null && !ex.isShutdown()) {
            ex.execute(this::reload);
        }
    }

    void removeDiscovererFactory(DiscovererFactory factory, Map<String, Object> properties) {
        factories.remove(factory, properties);
    }

    @Override
    public PrometheusConfig current() {
        return current;
    }

    @Override
    public ReloadStatus reload() {
        synchronized (reloadLock) {
            Instant attempt;
            try {
                PrometheusConfig next = loader.load(file);
                attempt = Instant.now();
                String listenerError = notifyListeners(next);
                current = next;
                loaded = true;
                lastChecksum = ContentChecksum.of(file, next);
                if (listenerError != null) {
                    status = new ReloadStatus(file.toString(), false, attempt, status.lastSuccess(), listenerError);
                    LOG.log(Level.ERROR, "Applying configuration file {0} failed: {1}", file, listenerError);
                } else {
                    status = new ReloadStatus(file.toString(), true, attempt, attempt, null);
                    LOG.log(Level.INFO, "Completed loading of configuration file {0}", file);
                }
                return status;
            } catch (ConfigException e) {
                attempt = Instant.now();
                status = new ReloadStatus(file.toString(), false, attempt, status.lastSuccess(), e.getMessage());
                lastChecksum = ContentChecksum.of(file, current);
                LOG.log(Level.ERROR, "Error loading config (--config.file={0}): {1}", file, e.getMessage());
                return status;
            }
        }
    }

    private String notifyListeners(PrometheusConfig next) {
        String error = null;
        for (ConfigListener l : listeners) {
            try {
                l.configChanged(next);
            } catch (RuntimeException e) {
                String msg = "applying the configuration failed: " + e.getMessage();
                LOG.log(Level.ERROR, msg, e);
                if (error == null) {
                    error = msg;
                }
            }
        }
        return error;
    }

    private void reloadIfChanged() {
        ContentChecksum now;
        synchronized (reloadLock) {
            now = ContentChecksum.of(file, current);
            if (now.equals(lastChecksum)) {
                return;
            }
        }
        reload();
    }

    @Override
    public ReloadStatus lastReload() {
        return status;
    }

    @Override
    public PrometheusConfig check(Path path) {
        return loader.load(path);
    }

    @Override
    public void addListener(ConfigListener listener) {
        synchronized (reloadLock) {
            listeners.add(listener);
            if (loaded) {
                listener.configChanged(current);
            }
        }
    }

    @Override
    public void removeListener(ConfigListener listener) {
        synchronized (reloadLock) {
            listeners.remove(listener);
        }
    }

    @Override
    public String toYaml(PrometheusConfig config) {
        return ConfigPrinter.print(config);
    }

    @Override
    public void collect(MetricSink sink) {
        ReloadStatus s = status;
        sink.family("prometheus_config_last_reload_successful", MetricType.GAUGE,
                "Whether the last configuration reload attempt was successful.", "");
        sink.sample("prometheus_config_last_reload_successful", Labels.EMPTY, s != null && s.success() ? 1 : 0);
        sink.family("prometheus_config_last_reload_success_timestamp_seconds", MetricType.GAUGE,
                "Timestamp of the last successful configuration reload.", "");
        sink.sample("prometheus_config_last_reload_success_timestamp_seconds", Labels.EMPTY,
                s == null || s.lastSuccess() == null ? 0 : s.lastSuccess().getEpochSecond());
    }

    /** Replaces {@code ${name}} with system properties ({@code karaf.etc} defaults to {@code etc}). */
    static String interpolate(String s) {
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = System.getProperty(name, name.equals("karaf.etc") ? "etc" : "");
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
