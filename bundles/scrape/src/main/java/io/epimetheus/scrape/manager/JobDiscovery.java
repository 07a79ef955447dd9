package io.epimetheus.scrape.manager;

import io.epimetheus.api.config.SdConfig;
import io.epimetheus.api.discovery.Discoverer;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.discovery.DiscoveryContext;
import io.epimetheus.api.discovery.TargetGroup;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The running discoverers of one job and the target groups they reported, merged: a group
 * replaces the earlier group with the same source from the same discoverer, an empty group removes
 * it. Thread-safe: discoverers report from their own threads.
 */
final class JobDiscovery {

    private static final Logger LOG = System.getLogger(JobDiscovery.class.getName());

    private final String job;
    private final List<SdConfig> configs;
    private final Path configDir;
    private final List<Discoverer> running = new ArrayList<>();
    private final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    private final List<String> missingTypes = new ArrayList<>();
    private long updates;
    private long failedConfigs;
    private boolean closed;

    JobDiscovery(String job, List<SdConfig> configs, Path configDir) {
        this.job = job;
        this.configs = configs;
        this.configDir = configDir;
    }

    List<SdConfig> configs() {
        return configs;
    }

    /** Whether one of this job's SD types had no plugin when discovery started. */
    synchronized boolean needs(String type) {
        return missingTypes.contains(type);
    }

    /**
     * Starts a discoverer per SD config.
     *
     * @param onUpdate called (from any thread) after groups changed
     */
    void start(Function<String, DiscovererFactory> factories, Runnable onUpdate) {
        Map<String, Integer> indexes = new HashMap<>();
        for (int p = 0; p < configs.size(); p++) {
            SdConfig sd = configs.get(p);
            int index = indexes.merge(sd.type(), 1, Integer::sum) - 1;
            DiscovererFactory f = factories.apply(sd.type());
            if (f == null) {
                synchronized (this) {
                    missingTypes.add(sd.type());
                    failedConfigs++;
                }
                LOG.log(Level.WARNING, "No {0} service discovery plugin installed for job {1}", sd.type(), job);
                continue;
            }
            String provider = sd.type() + "/" + index + "/";
            try {
                Discoverer d = f.create(sd.config(), new DiscoveryContext(job, configDir, index));
                synchronized (this) {
                    if (closed) {
                        d.close();
                        return;
                    }
                    running.add(d);
                }
                d.start(update -> receive(provider, update, onUpdate));
            } catch (RuntimeException e) {
                synchronized (this) {
                    failedConfigs++;
                }
                LOG.log(Level.ERROR, "Cannot create {0} service discovery for job {1}: {2}", sd.type(), job, e.getMessage());
            }
        }
    }

    private void receive(String provider, List<TargetGroup> update, Runnable onUpdate) {
        synchronized (this) {
            if (closed) {
                return;
            }
            updates++;
            for (TargetGroup g : update) {
                String key = provider + g.source();
                if (g.targets().isEmpty()) {
                    groups.remove(key);
                } else {
                    groups.put(key, g);
                }
            }
        }
        onUpdate.run();
    }

    /** The current groups. */
    synchronized List<TargetGroup> groups() {
        return List.copyOf(groups.values());
    }

    /** The number of discovered targets. */
    synchronized int targetCount() {
        int n = 0;
        for (TargetGroup g : groups.values()) {
            n += g.targets().size();
        }
        return n;
    }

    synchronized long updates() {
        return updates;
    }

    synchronized long failedConfigs() {
        return failedConfigs;
    }

    /** Stops every discoverer; no updates follow. */
    void close() {
        List<Discoverer> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(running);
            running.clear();
        }
        for (Discoverer d : toClose) {
            try {
                d.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing a discoverer of job {0} failed: {1}", job, e.toString());
            }
        }
    }
}
