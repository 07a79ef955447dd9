package io.epimetheus.scrape.loop;

import io.epimetheus.api.storage.Storage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads scraping runs on: a timer that fires each target's ticks and a pool of workers
 * that perform the (blocking) scrapes, growing with the number of scrapes in flight and shrinking
 * when idle. Also carries what every loop needs: the bound storage, the metrics and the offset
 * seed that spreads targets over their interval.
 */
public final class ScrapeScheduler implements AutoCloseable {

    private static final int MAX_WORKERS = 1024;

    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final Supplier<Storage> storage;
    private final ScrapeMetrics metrics;
    private final long offsetSeed;

    public ScrapeScheduler(Supplier<Storage> storage, ScrapeMetrics metrics, long offsetSeed) {
        this.storage = storage;
        this.metrics = metrics;
        this.offsetSeed = offsetSeed;
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "epimetheus-scrape-timer"));
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        this.workers = new ThreadPoolExecutor(0, MAX_WORKERS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "epimetheus-scrape-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    Supplier<Storage> storage() {
        return storage;
    }

    public ScrapeMetrics metrics() {
        return metrics;
    }

    long offsetSeed() {
        return offsetSeed;
    }

    ScheduledFuture<?> atFixedRate(Runnable tick, long initialDelayMillis, long periodMillis) {
        return timer.scheduleAtFixedRate(tick, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    ScheduledFuture<?> after(Runnable task, long delayMillis) {
        return timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs a scrape on a worker; false if the worker pool is saturated. */
    boolean work(Runnable task) {
        try {
            workers.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Stops all threads, waiting for scrapes in flight to finish. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
