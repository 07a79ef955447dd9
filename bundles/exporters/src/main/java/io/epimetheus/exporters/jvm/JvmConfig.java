package io.epimetheus.exporters.jvm;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.epimetheus.exporter.jvm}: which groups of JVM metrics to expose. */
@ObjectClassDefinition(name = "Epimetheus JVM exporter",
        description = "Metrics of the JVM Epimetheus runs in, named like the Prometheus Java client's JvmMetrics; "
                + "served on /exporters/jvm/metrics and /metrics.")
public @interface JvmConfig {

    @AttributeDefinition(name = "Memory", description = "jvm_memory_* and jvm_memory_pool_* metrics.")
    boolean memory() default true;

    @AttributeDefinition(name = "Garbage collection", description = "jvm_gc_collection_seconds.")
    boolean gc() default true;

    @AttributeDefinition(name = "Threads", description = "jvm_threads_*, including the count per thread state.")
    boolean threads() default true;

    @AttributeDefinition(name = "Classes", description = "jvm_classes_* and jvm_compilation_time_seconds_total.")
    boolean classes() default true;

    @AttributeDefinition(name = "Buffer pools", description = "jvm_buffer_pool_*.")
    boolean buffer_pools() default true;

    @AttributeDefinition(name = "Process", description = "process_* (CPU, memory, file descriptors, start time).")
    boolean process() default true;
}
