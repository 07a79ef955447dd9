package io.epimetheus.scrape.loop;

import io.epimetheus.scrape.target.ScrapeTarget;
import java.util.concurrent.ScheduledFuture;

/**
 * Runs a {@link ScrapeLoop} every interval at the target's offset, one scrape at a time, with
 * timestamps aligned to the schedule (Prometheus's 2 ms tolerance), and handles its end: stopping
 * waits for a scrape in flight; when the target went away, staleness markers follow after two
 * intervals unless the target came back.
 */
public final class LoopRunner {

    private static final long ALIGN_TOLERANCE_MILLIS = 2;

    private final ScrapeLoop loop;
    private final ScrapeScheduler scheduler;
    private final long interval;
    private ScheduledFuture<?> ticks;
    private long firstTick;
    private boolean busy;
    private boolean stopped;

    public LoopRunner(ScrapeLoop loop, ScrapeScheduler scheduler) {
        this.loop = loop;
        this.scheduler = scheduler;
        this.interval = loop.target().intervalMillis();
    }

    public ScrapeLoop loop() {
        return loop;
    }

    public ScrapeTarget target() {
        return loop.target();
    }

    /** Starts scraping at the target's offset within its interval. */
    public synchronized void start() {
        long now = System.currentTimeMillis();
        long delay = loop.target().initialDelay(now, scheduler.offsetSeed());
        firstTick = now + delay;
        ticks = scheduler.atFixedRate(this::tick, delay, interval);
    }

    private void tick() {
        synchronized (this) {
            if (busy || stopped) {
                return; // the previous scrape is still running: skip this one, as a Go ticker drops ticks
            }
            busy = true;
        }
        if (!scheduler.work(this::run)) {
            synchronized (this) {
                busy = false;
            }
        }
    }

    private void run() {
        try {
            loop.scrape(alignedNow());
        } finally {
            synchronized (this) {
                busy = false;
                notifyAll();
            }
        }
    }

    /** Now, snapped to the scheduled tick when within the tolerance, so sample timestamps stay regular. */
    private long alignedNow() {
        long now = System.currentTimeMillis();
        long k = Math.round((double) (now - firstTick) / interval);
        long expected = firstTick + k * interval;
        long tolerance = Math.min(ALIGN_TOLERANCE_MILLIS, interval / 100);
        return Math.abs(now - expected) <= tolerance ? expected : now;
    }

    /**
     * Stops scraping and waits for a scrape in flight.
     *
     * @param staleness whether to write staleness markers for the target's series after two
     *     intervals (the target went away; not when the pool is reloaded or shut down)
     */
    public void stop(boolean staleness) {
        synchronized (this) {
            stopped = true;
            if (ticks != null) {
                ticks.cancel(false);
            }
            while (busy) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (staleness && firstTick != 0) {
            long staleTime = System.currentTimeMillis() + interval;
            scheduler.after(() -> scheduler.work(() -> {
                loop.writeEndOfRunStaleness(staleTime);
                loop.close();
            }), 2 * interval + interval / 10);
        } else {
            loop.close();
        }
    }
}
