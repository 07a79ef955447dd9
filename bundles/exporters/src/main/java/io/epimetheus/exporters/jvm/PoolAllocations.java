package io.epimetheus.exporters.jvm;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * {@code jvm_memory_pool_allocated_bytes_total{pool}} as the Prometheus Java client computes it:
 * on each GC notification, what a pool held before the collection minus what it held after the
 * previous one was allocated in between. Listens to HotSpot's {@code
 * com.sun.management.gc.notification} through plain JMX types, so nothing outside {@code
 * java.management} is needed; a JVM without those notifications simply reports nothing.
 */
final class PoolAllocations implements NotificationListener {

    private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

    private final Map<String, AtomicLong> allocated = new ConcurrentHashMap<>();
    private final Map<String, Long> lastAfter = new ConcurrentHashMap<>();
    private final Map<String, Labels> labels = new ConcurrentHashMap<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    /** Starts listening to every garbage collector. */
    void start() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                NotificationEmitter e = (NotificationEmitter) gc;
                e.addNotificationListener(this, n -> GC_NOTIFICATION.equals(n.getType()), null);
                emitters.add(e);
            }
        }
    }

    /** Stops listening (the JVM outlives the bundle, so the listeners must go). */
    void stop() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        emitters.clear();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!(notification.getUserData() instanceof CompositeData)) {
            return;
        }
        CompositeData info = (CompositeData) ((CompositeData) notification.getUserData()).get("gcInfo");
        if (info == null) {
            return;
        }
        TabularData before = (TabularData) info.get("memoryUsageBeforeGc");
        TabularData after = (TabularData) info.get("memoryUsageAfterGc");
        for (Object row : before.values()) {
            CompositeData entry = (CompositeData) row;
            String pool = (String) entry.get("key");
            long usedBefore = MemoryUsage.from((CompositeData) entry.get("value")).getUsed();
            CompositeData afterEntry = after.get(new Object[] {pool});
            if (afterEntry == null) {
                continue;
            }
            long usedAfter = MemoryUsage.from((CompositeData) afterEntry.get("value")).getUsed();
            Long last = lastAfter.put(pool, usedAfter);
            long diff = usedBefore - (last == null ? 0 : last);
            if (diff >= 0) {
                allocated.computeIfAbsent(pool, p -> new AtomicLong()).addAndGet(diff);
            }
        }
    }

    void collect(MetricSink sink) {
        if (allocated.isEmpty()) {
            return;
        }
        sink.family("jvm_memory_pool_allocated_bytes", MetricType.COUNTER,
                "Total bytes allocated in a given JVM memory pool. Only updated after GC, not continuously.", "bytes");
        for (Map.Entry<String, AtomicLong> e : allocated.entrySet()) {
            sink.sample("jvm_memory_pool_allocated_bytes_total", labels.computeIfAbsent(e.getKey(), p -> Labels.of("pool", p)),
                    e.getValue().get());
        }
    }
}
