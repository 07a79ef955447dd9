package io.epimetheus.api.exporter;

/**
 * A source of metrics exposed on {@code /metrics} and, when it has a {@value #NAME_PROPERTY}
 * service property, on {@code /exporters/<name>/metrics}. Any bundle in the container can
 * register one.
 *
 * <p>Threading: {@link #collect} may be called concurrently from several HTTP requests; it must
 * be thread-safe and should not block for long (a scrape has a timeout).
 */
public interface Collector {

    /** Service property: the exporter name in {@code /exporters/<name>/metrics} (e.g. {@code node}). */
    String NAME_PROPERTY = "epimetheus.collector.name";

    /**
     * Writes the current metrics into {@code sink}. Each family is announced with {@link
     * MetricSink#family} before its samples. A collector that fails part-way should report what it
     * can and throw; the exposition keeps the other collectors' output.
     */
    void collect(MetricSink sink);
}
