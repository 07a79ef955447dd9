package io.epimetheus.scrape.discovery;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The threads shared by all file discoverers of one factory: a scheduler that runs refreshes and
 * a directory watcher that triggers them on change. Both start with the first discoverer that needs
 * them and stop on {@link #close()}, so a stopped bundle leaves no thread behind.
 */
final class FileWatchHub implements AutoCloseable {

    private static final Logger LOG = System.getLogger(FileWatchHub.class.getName());

    private final Map<Path, Set<Runnable>> listeners = new HashMap<>();
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private WatchService watcher;
    private Thread watchThread;
    private boolean closed;
    private long watcherErrors;

    /** Runs {@code task} now and then every {@code periodMillis} until the result is cancelled. */
    synchronized ScheduledFuture<?> schedule(Runnable task, long periodMillis) {
        if (closed) {
            throw new IllegalStateException("file discovery is stopped");
        }
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "epimetheus-file-sd");
                t.setDaemon(true);
                return t;
            });
        }
        return scheduler.scheduleWithFixedDelay(task, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} soon on the scheduler thread. */
    synchronized void submit(Runnable task) {
        if (!closed && scheduler != null) {
            scheduler.execute(task);
        }
    }

    /** Calls {@code onChange} (on the scheduler) whenever an entry of one of {@code dirs} changes. */
    synchronized void watch(List<Path> dirs, Runnable onChange) {
        if (closed) {
            return;
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            listeners.computeIfAbsent(dir, d -> new CopyOnWriteArraySet<>()).add(onChange);
            if (keys.containsKey(dir)) {
                continue;
            }
            try {
                if (watcher == null) {
                    watcher = FileSystems.getDefault().newWatchService();
                    watchThread = new Thread(this::watchLoop, "epimetheus-file-sd-watch");
                    watchThread.setDaemon(true);
                    watchThread.start();
                }
                keys.put(dir, dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
            } catch (IOException e) {
                watcherErrors++;
                LOG.log(Level.WARNING, "Cannot watch {0} for file discovery; relying on the refresh interval: {1}", dir, e);
            }
        }
    }

    /** Stops calling {@code onChange}. */
    synchronized void unwatch(Runnable onChange) {
        listeners.entrySet().removeIf(e -> {
            e.getValue().remove(onChange);
            if (e.getValue().isEmpty()) {
                WatchKey k = keys.remove(e.getKey());
                if (k != null) {
                    k.cancel();
                }
                return true;
            }
            return false;
        });
    }

    /** How many directory watches could not be set up. */
    synchronized long watcherErrors() {
        return watcherErrors;
    }

    private void watchLoop() {
        WatchService ws;
        synchronized (this) {
            ws = watcher;
        }
        while (true) {
            WatchKey key;
            try {
                key = ws.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            key.pollEvents();
            key.reset();
            synchronized (this) {
                for (Map.Entry<Path, WatchKey> e : keys.entrySet()) {
                    if (e.getValue() == key) {
                        for (Runnable r : listeners.getOrDefault(e.getKey(), Set.of())) {
                            submit(r);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            listeners.clear();
            keys.clear();
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
            if (watcher != null) {
                try {
                    watcher.close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "Closing the file SD watcher", e);
                }
            }
            t = watchThread;
        }
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
        }
        if (s != null) {
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
