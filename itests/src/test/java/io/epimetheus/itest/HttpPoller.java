package io.epimetheus.itest;

import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps requesting endpoints on a background thread and records every request that failed: that
 * could not be sent or was answered with another status than expected (200 unless told).
 */
final class HttpPoller implements AutoCloseable {

    private final Map<String, Integer> expected;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private HttpPoller(Map<String, Integer> expected) {
        this.expected = expected;
        this.thread = new Thread(this::loop, "itest-http-poller");
        this.thread.setDaemon(true);
    }

    static HttpPoller start(String... paths) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String path : paths) {
            expected.put(path, 200);
        }
        return start(expected);
    }

    /** Polls each path, expecting its status (e.g. 405 for a GET of a POST-only endpoint that is registered). */
    static HttpPoller start(Map<String, Integer> expectedStatusByPath) {
        HttpPoller p = new HttpPoller(new LinkedHashMap<>(expectedStatusByPath));
        p.thread.start();
        return p;
    }

    private void loop() {
        while (running) {
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                String path = e.getKey();
                try {
                    Http.Response r = Http.get(path);
                    if (r.status() == e.getValue()) {
                        answered.incrementAndGet();
                    } else {
                        failures.add(path + " -> " + r.status());
                    }
                } catch (Exception ex) {
                    if (running) {
                        failures.add(path + " -> " + ex);
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
