package io.epimetheus.remote.write;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;

/**
 * Receives the content of a decoded remote-write request, series by series: {@link #series} (or
 * {@link #invalidSeries}), then that series' samples, exemplars and histograms, then {@link
 * #endSeries}. Values arrive as primitives so that a sink appending to storage allocates nothing
 * per sample.
 */
public interface WriteVisitor {

    /** A series with valid labels starts. */
    void series(Labels labels);

    /**
     * A series whose labels are not acceptable (no metric name, duplicate or invalid names); its
     * samples are not delivered.
     *
     * @param problem what is wrong, naming the labels
     * @param samples how many float samples and histograms the series carried
     */
    void invalidSeries(String problem, int samples);

    /** A float sample of the current series. */
    void sample(long timestampMillis, double value);

    /** An exemplar of the current series (rare: allocation is acceptable here). */
    void exemplar(Labels labels, double value, long timestampMillis);

    /** A native histogram sample of the current series, which is not decoded further. */
    void histogram(long timestampMillis);

    /**
     * Metadata: for 1.0 a separate metric family entry, for 2.0 the metadata of the current series
     * ({@code family} is then its metric name).
     */
    void metadata(String family, MetricType type, String help, String unit);

    /** The current series ends. */
    void endSeries();
}
