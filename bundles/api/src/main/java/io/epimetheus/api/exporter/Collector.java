package io.epimetheus.api.exporter;

/**
 * A source of metrics. Any bundle in the container can register one as an OSGi service:
 *
 * <ul>
 *   <li>without a {@value #NAME_PROPERTY} property it is instrumentation of Epimetheus itself and
 *       appears on {@code /metrics} (like Prometheus's own {@code prometheus_*} metrics);
 *   <li>with {@value #NAME_PROPERTY}{@code =<name>} it is an exporter served on {@code
 *       /exporters/<name>/metrics} (e.g. {@code node}), and also on {@code /metrics} only when
 *       {@value #SELF_PROPERTY}{@code =true} (e.g. the JVM's own metrics).
 * </ul>
 *
 * Keeping exporters off {@code /metrics} means a configuration that scrapes both never stores the
 * same series twice.
 *
 * <p>Threading: {@link #collect} may be called concurrently from several HTTP requests; it must
 * be thread-safe and should not block for long (a scrape has a timeout).
 */
public interface Collector {

    /** Service property: the exporter name in {@code /exporters/<name>/metrics} (e.g. {@code node}). */
    String NAME_PROPERTY = "epimetheus.collector.name";

    /** Service property: {@code true} puts a named exporter on {@code /metrics} as well. */
    String SELF_PROPERTY = "epimetheus.collector.self";

    /**
     * Writes the current metrics into {@code sink}. Each family is announced with {@link
     * MetricSink#family} before its samples. A collector that fails part-way should report what it
     * can and throw; the exposition keeps the other collectors' output.
     */
    void collect(MetricSink sink);
}
