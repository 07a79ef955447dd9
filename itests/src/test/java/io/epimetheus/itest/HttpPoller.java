package io.epimetheus.itest;

import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps requesting endpoints on a background thread and records every request that failed. */
final class HttpPoller implements AutoCloseable {

    private final String[] paths;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private HttpPoller(String[] paths) {
        this.paths = paths;
        this.thread = new Thread(this::loop, "itest-http-poller");
        this.thread.setDaemon(true);
    }

    static HttpPoller start(String... paths) {
        HttpPoller p = new HttpPoller(paths);
        p.thread.start();
        return p;
    }

    private void loop() {
        while (running) {
            for (String path : paths) {
                try {
                    Http.Response r = Http.get(path);
                    if (r.status() == 200) {
                        answered.incrementAndGet();
                    } else {
                        failures.add(path + " -> " + r.status());
                    }
                } catch (Exception e) {
                    if (running) {
                        failures.add(path + " -> " + e);
                    }
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits until {@code n} more requests have been answered (so a phase really ran under load). */
    void awaitMoreAnswers(int n) throws InterruptedException {
        int target = answered.get() + n;
        long deadline = System.currentTimeMillis() + 30_000;
        while (answered.get() < target && failures.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue("requests failed: " + failures, failures.isEmpty());
        assertTrue("requests stopped being answered", answered.get() >= target);
    }

    /** Stops polling and checks that at least {@code min} requests were answered and none failed. */
    void assertAllAnswered(int min) throws InterruptedException {
        close();
        assertTrue("requests failed during the swap: " + failures, failures.isEmpty());
        assertTrue("only " + answered.get() + " requests were answered", answered.get() >= min);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
