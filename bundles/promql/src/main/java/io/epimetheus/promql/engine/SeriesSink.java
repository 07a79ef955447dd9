package io.epimetheus.promql.engine;

import io.epimetheus.promql.value.FloatSeries;

/** Receives the series a node evaluates to, one at a time, as each is complete. */
interface SeriesSink {

    void accept(FloatSeries s);

    /**
     * Whether the sink keeps the series it is given. If not, it must be done with a series when
     * {@link #accept} returns, and producers may reuse the object and its arrays for the next one.
     */
    default boolean retains() {
        return true;
    }
}
