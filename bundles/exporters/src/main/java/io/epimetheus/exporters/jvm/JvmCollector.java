package io.epimetheus.exporters.jvm;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The JVM's own metrics with the names, help and labels of the Prometheus Java client 1.x
 * ({@code JvmMetrics}): memory areas and pools, GC, threads, classes, JIT compilation, buffer
 * pools, runtime info and the {@code process_*} metrics. Metrics about Epimetheus itself, so they
 * are on {@code /metrics} too ({@value Collector#SELF_PROPERTY}).
 */
@Component(
        service = Collector.class,
        configurationPid = "io.epimetheus.exporter.jvm",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {Collector.NAME_PROPERTY + "=jvm", Collector.SELF_PROPERTY + "=true"})
@Designate(ocd = JvmConfig.class)
public final class JvmCollector implements Collector {

    private static final Labels HEAP = Labels.of("area", "heap");
    private static final Labels NONHEAP = Labels.of("area", "nonheap");
    private static final Thread.State[] STATES = Thread.State.values();

    private final JvmConfig config;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
    private final Labels runtimeInfo = Labels.of(
            "runtime", System.getProperty("java.runtime.name", ""),
            "vendor", System.getProperty("java.vm.vendor", ""),
            "version", System.getProperty("java.runtime.version", ""));
    private final Labels[] stateLabels = new Labels[STATES.length + 1];
    private final ProcessMetrics process = new ProcessMetrics();
    private final PoolAllocations allocations = new PoolAllocations();

    @Activate
    public JvmCollector(JvmConfig config) {
        this.config = config;
        for (int i = 0; i < STATES.length; i++) {
            stateLabels[i] = Labels.of("state", STATES[i].name());
        }
        stateLabels[STATES.length] = Labels.of("state", "UNKNOWN");
        if (config.memory()) {
            allocations.start();
        }
    }

    /** Removes the GC notification listeners from the JVM-wide MBeans. */
    @Deactivate
    public void deactivate() {
        allocations.stop();
    }

    @Override
    public void collect(MetricSink sink) {
        if (config.buffer_pools()) {
            bufferPools(sink);
        }
        if (config.classes()) {
            classes(sink);
        }
        if (config.gc()) {
            gc(sink);
        }
        if (config.memory()) {
            memory(sink);
        }
        sink.family("jvm_runtime_info", MetricType.GAUGE, "JVM runtime info", "");
        sink.sample("jvm_runtime_info", runtimeInfo, 1);
        if (config.threads()) {
            threads(sink);
        }
        if (config.process()) {
            process.collect(sink);
        }
    }

    private static void bufferPools(MetricSink sink) {
        List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        sink.family("jvm_buffer_pool_capacity_bytes", MetricType.GAUGE, "Bytes capacity of a given JVM buffer pool.", "bytes");
        for (BufferPoolMXBean p : pools) {
            sink.sample("jvm_buffer_pool_capacity_bytes", Labels.of("pool", p.getName()), p.getTotalCapacity());
        }
        sink.family("jvm_buffer_pool_used_buffers", MetricType.GAUGE, "Used buffers of a given JVM buffer pool.", "buffers");
        for (BufferPoolMXBean p : pools) {
            sink.sample("jvm_buffer_pool_used_buffers", Labels.of("pool", p.getName()), p.getCount());
        }
        sink.family("jvm_buffer_pool_used_bytes", MetricType.GAUGE, "Used bytes of a given JVM buffer pool.", "bytes");
        for (BufferPoolMXBean p : pools) {
            sink.sample("jvm_buffer_pool_used_bytes", Labels.of("pool", p.getName()), p.getMemoryUsed());
        }
    }

    private void classes(MetricSink sink) {
        sink.family("jvm_classes_currently_loaded", MetricType.GAUGE,
                "The number of classes that are currently loaded in the JVM", "");
        sink.sample("jvm_classes_currently_loaded", Labels.EMPTY, classes.getLoadedClassCount());
        sink.family("jvm_classes_loaded", MetricType.COUNTER,
                "The total number of classes that have been loaded since the JVM has started execution", "");
        sink.sample("jvm_classes_loaded_total", Labels.EMPTY, classes.getTotalLoadedClassCount());
        sink.family("jvm_classes_unloaded", MetricType.COUNTER,
                "The total number of classes that have been unloaded since the JVM has started execution", "");
        sink.sample("jvm_classes_unloaded_total", Labels.EMPTY, classes.getUnloadedClassCount());
        if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
            sink.family("jvm_compilation_time_seconds", MetricType.COUNTER,
                    "The total time in seconds taken for HotSpot class compilation", "seconds");
            sink.sample("jvm_compilation_time_seconds_total", Labels.EMPTY, compilation.getTotalCompilationTime() / 1000.0);
        }
    }

    private static void gc(MetricSink sink) {
        sink.family("jvm_gc_collection_seconds", MetricType.SUMMARY, "Time spent in a given JVM garbage collector in seconds.",
                "seconds");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            Labels l = Labels.of("gc", gc.getName());
            sink.sample("jvm_gc_collection_seconds_count", l, gc.getCollectionCount());
            sink.sample("jvm_gc_collection_seconds_sum", l, gc.getCollectionTime() / 1000.0);
        }
    }

    private void memory(MetricSink sink) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        area(sink, "jvm_memory_committed_bytes", "Committed (bytes) of a given JVM memory area.",
                heap.getCommitted(), nonHeap.getCommitted());
        area(sink, "jvm_memory_init_bytes", "Initial bytes of a given JVM memory area.", heap.getInit(), nonHeap.getInit());
        area(sink, "jvm_memory_max_bytes", "Max (bytes) of a given JVM memory area.", heap.getMax(), nonHeap.getMax());
        sink.family("jvm_memory_objects_pending_finalization", MetricType.GAUGE,
                "The number of objects waiting in the finalizer queue.", "");
        sink.sample("jvm_memory_objects_pending_finalization", Labels.EMPTY, memory.getObjectPendingFinalizationCount());

        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        int n = pools.size();
        Labels[] labels = new Labels[n];
        MemoryUsage[] usage = new MemoryUsage[n];
        MemoryUsage[] afterGc = new MemoryUsage[n];
        for (int i = 0; i < n; i++) {
            MemoryPoolMXBean p = pools.get(i);
            labels[i] = Labels.of("pool", p.getName());
            usage[i] = p.getUsage();
            afterGc[i] = p.getCollectionUsage();
        }
        allocations.collect(sink);
        pool(sink, "jvm_memory_pool_collection_committed_bytes", "Committed after last collection bytes of a given JVM memory pool.",
                labels, afterGc, MemoryUsage::getCommitted);
        pool(sink, "jvm_memory_pool_collection_init_bytes", "Initial after last collection bytes of a given JVM memory pool.",
                labels, afterGc, MemoryUsage::getInit);
        pool(sink, "jvm_memory_pool_collection_max_bytes", "Max bytes after last collection of a given JVM memory pool.",
                labels, afterGc, MemoryUsage::getMax);
        pool(sink, "jvm_memory_pool_collection_used_bytes", "Used bytes after last collection of a given JVM memory pool.",
                labels, afterGc, MemoryUsage::getUsed);
        pool(sink, "jvm_memory_pool_committed_bytes", "Committed bytes of a given JVM memory pool.", labels, usage,
                MemoryUsage::getCommitted);
        pool(sink, "jvm_memory_pool_init_bytes", "Initial bytes of a given JVM memory pool.", labels, usage, MemoryUsage::getInit);
        pool(sink, "jvm_memory_pool_max_bytes", "Max bytes of a given JVM memory pool.", labels, usage, MemoryUsage::getMax);
        pool(sink, "jvm_memory_pool_used_bytes", "Used bytes of a given JVM memory pool.", labels, usage, MemoryUsage::getUsed);
        area(sink, "jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", heap.getUsed(), nonHeap.getUsed());
    }

    private static void area(MetricSink sink, String name, String help, long heap, long nonHeap) {
        sink.family(name, MetricType.GAUGE, help, "bytes");
        sink.sample(name, HEAP, heap);
        sink.sample(name, NONHEAP, nonHeap);
    }

    private static void pool(MetricSink sink, String name, String help, Labels[] labels, MemoryUsage[] usage,
            java.util.function.ToLongFunction<MemoryUsage> field) {
        sink.family(name, MetricType.GAUGE, help, "bytes");
        for (int i = 0; i < labels.length; i++) {
            if (usage[i] != null) {
                sink.sample(name, labels[i], field.applyAsLong(usage[i]));
            }
        }
    }

    private void threads(MetricSink sink) {
        gauge(sink, "jvm_threads_current", "Current thread count of a JVM", threads.getThreadCount());
        gauge(sink, "jvm_threads_daemon", "Daemon thread count of a JVM", threads.getDaemonThreadCount());
        long[] deadlocked = threads.findDeadlockedThreads();
        gauge(sink, "jvm_threads_deadlocked",
                "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or ownable synchronizers",
                deadlocked == null ? 0 : deadlocked.length);
        long[] monitorDeadlocked = threads.findMonitorDeadlockedThreads();
        gauge(sink, "jvm_threads_deadlocked_monitor", "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors",
                monitorDeadlocked == null ? 0 : monitorDeadlocked.length);
        gauge(sink, "jvm_threads_peak", "Peak thread count of a JVM", threads.getPeakThreadCount());
        sink.family("jvm_threads_started", MetricType.COUNTER, "Started thread count of a JVM", "");
        sink.sample("jvm_threads_started_total", Labels.EMPTY, threads.getTotalStartedThreadCount());

        int[] counts = new int[STATES.length + 1];
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info == null) {
                counts[STATES.length]++; // ended between the two calls
            } else {
                counts[info.getThreadState().ordinal()]++;
            }
        }
        sink.family("jvm_threads_state", MetricType.GAUGE, "Current count of threads by state", "");
        for (int i = 0; i < counts.length; i++) {
            sink.sample("jvm_threads_state", stateLabels[i], counts[i]);
        }
    }

    private static void gauge(MetricSink sink, String name, String help, double value) {
        sink.family(name, MetricType.GAUGE, help, "");
        sink.sample(name, Labels.EMPTY, value);
    }
}
