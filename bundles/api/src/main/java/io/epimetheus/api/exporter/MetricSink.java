package io.epimetheus.api.exporter;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;

/**
 * Receives metric families from a {@link Collector}: {@link #family} starts a family, the {@code
 * sample} calls that follow belong to it. Sample names carry their suffix ({@code _total}, {@code
 * _bucket}, {@code _sum}, {@code _count}, {@code _created}, {@code _info}); labels must not contain
 * {@code __name__}. Not thread-safe: one sink serves one collection.
 */
public interface MetricSink {

    /**
     * Starts a family.
     *
     * @param name the family name without type suffix (e.g. {@code node_cpu_seconds} for the counter
     *     {@code node_cpu_seconds_total}), following OpenMetrics
     * @param type its type
     * @param help the help text (unescaped)
     * @param unit the OpenMetrics unit, or {@code ""}
     */
    void family(String name, MetricType type, String help, String unit);

    /** One sample of the current family, stamped with the scrape time. */
    void sample(String sampleName, Labels labels, double value);

    /** One sample of the current family with an explicit timestamp in milliseconds. */
    void sample(String sampleName, Labels labels, double value, long timestampMillis);
}
