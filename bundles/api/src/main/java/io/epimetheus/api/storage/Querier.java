package io.epimetheus.api.storage;

import io.epimetheus.api.model.Matcher;
import java.util.List;

/**
 * Read access to a {@link Storage} over a fixed time range {@code [mint, maxt]}, both inclusive,
 * in milliseconds. Obtained from {@link Queryable#querier}; must be closed. Not thread-safe: use
 * one querier per thread. Series sets it returns stay valid until it is closed.
 *
 * <p>Storages should isolate commits as Prometheus's head does: a querier sees every {@link
 * Appender#commit} completed before it was opened and nothing of those still in progress. An open
 * querier may hold back memory and head truncation, so close it promptly.
 */
public interface Querier extends AutoCloseable {

    /**
     * The series matching all matchers, with their samples in the querier's range. At least one
     * matcher must not match the empty string, as in Prometheus.
     *
     * @param sorted whether the series must come sorted by labels ({@link
     *     io.epimetheus.api.model.Labels#compareTo}); unsorted may be cheaper
     * @param hints what the caller will do with the data; may be {@code null}
     * @param matchers the label matchers, all of which must match
     */
    SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers);

    /**
     * The distinct values of a label over series that match all matchers (all series when none),
     * sorted, at most {@code limit} of them ({@code 0} for no limit).
     */
    List<String> labelValues(String name, int limit, Matcher... matchers);

    /**
     * The distinct label names over series that match all matchers (all series when none),
     * sorted, at most {@code limit} of them ({@code 0} for no limit).
     */
    List<String> labelNames(int limit, Matcher... matchers);

    /** Releases resources; the series sets it returned become invalid. */
    @Override
    void close();
}
