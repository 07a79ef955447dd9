package io.epimetheus.scrape.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.FileGlob;
import io.epimetheus.api.discovery.Discoverer;
import io.epimetheus.api.discovery.TargetGroup;
import io.epimetheus.api.model.Labels;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * Discovers targets from JSON and YAML files matching the configured patterns. Files are re-read
 * on every change in their directories and every refresh interval. Each group's source is
 * {@code <file>:<index>} and its labels carry {@code __meta_filepath}; groups of a file that
 * vanished (or shrank) are sent empty so their targets go away. A file that cannot be read or
 * parsed keeps its previous groups.
 */
final class FileDiscoverer implements Discoverer {

    private static final Logger LOG = System.getLogger(FileDiscoverer.class.getName());
    static final String FILEPATH_LABEL = "__meta_filepath";

    private final FileSdConfig config;
    private final FileWatchHub hub;
    private final ObjectMapper json;
    private final ObjectMapper yaml;
    private final FileSdMetrics metrics;
    private final Runnable refreshTask = this::refresh;
    private final Map<String, Integer> lastRefresh = new HashMap<>();
    private Consumer<List<TargetGroup>> updates;
    private ScheduledFuture<?> schedule;
    private boolean closed;

    FileDiscoverer(FileSdConfig config, FileWatchHub hub, ObjectMapper json, ObjectMapper yaml, FileSdMetrics metrics) {
        this.config = config;
        this.hub = hub;
        this.json = json;
        this.yaml = yaml;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start(Consumer<List<TargetGroup>> updates) {
        if (this.updates != null) {
            throw new IllegalStateException("file discoverer already started");
        }
        this.updates = updates;
        schedule = hub.schedule(refreshTask, config.refreshInterval().toMillis());
    }

    /** Re-reads every matching file and sends the groups. Runs on the hub's scheduler thread. */
    synchronized void refresh() {
        if (closed) {
            return;
        }
        long start = System.nanoTime();
        List<TargetGroup> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String pattern : config.files()) {
            for (Path file : FileGlob.expand(pattern)) {
                String name = file.toString();
                if (seen.containsKey(name)) {
                    continue;
                }
                try {
                    List<TargetGroup> groups = read(file);
                    out.addAll(groups);
                    seen.put(name, groups.size());
                } catch (IOException | RuntimeException e) {
                    metrics.readError();
                    LOG.log(Level.WARNING, "Error reading file SD file {0}: {1}", name, e.getMessage());
                    seen.put(name, lastRefresh.getOrDefault(name, 0));
                }
            }
        }
        for (Map.Entry<String, Integer> prev : lastRefresh.entrySet()) {
            int now = seen.getOrDefault(prev.getKey(), 0);
            if (!seen.containsKey(prev.getKey())) {
                metrics.forget(prev.getKey());
            }
            for (int i = now; i < prev.getValue(); i++) {
                out.add(new TargetGroup(source(prev.getKey(), i), List.of(), Labels.EMPTY));
            }
        }
        lastRefresh.clear();
        lastRefresh.putAll(seen);
        hub.watch(watchedDirectories(), refreshTask);
        metrics.scanned((System.nanoTime() - start) / 1e9);
        if (!out.isEmpty()) {
            updates.accept(out);
        }
    }

    private List<TargetGroup> read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String name = file.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        ObjectMapper mapper = lower.endsWith(".json") ? json : yaml;
        // An empty YAML file holds no groups; an empty JSON file is an error, as in Prometheus, so
        // a file caught half-written keeps its previous groups.
        Object root = content.length == 0 && mapper == yaml ? null : mapper.readValue(content, Object.class);
        List<TargetGroup> groups = new ArrayList<>();
        if (root == null) {
            return groups;
        }
        if (!(root instanceof List<?> list)) {
            throw new ConfigException(name + ": a file SD file must contain a list of target groups");
        }
        Labels extra = Labels.of(FILEPATH_LABEL, name);
        for (int i = 0; i < list.size(); i++) {
            try {
                groups.add(TargetGroups.parse(list.get(i), source(name, i), extra));
            } catch (ConfigException e) {
                throw new ConfigException(name + ": target group " + i + ": " + e.getMessage());
            }
        }
        metrics.modified(name, Files.getLastModifiedTime(file).toMillis() / 1000L);
        return groups;
    }

    private List<Path> watchedDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (String pattern : config.files()) {
            Path parent = Path.of(pattern).getParent();
            dirs.add(parent == null ? Path.of(".") : parent);
        }
        return List.copyOf(dirs);
    }

    private static String source(String file, int index) {
        return file + ":" + index;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (schedule != null) {
                schedule.cancel(false);
            }
        }
        hub.unwatch(refreshTask);
        for (String file : lastRefresh.keySet()) {
            metrics.forget(file);
        }
    }
}
