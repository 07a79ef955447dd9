package io.epimetheus.tsdb.index;

import java.util.List;

/**
 * What selecting series by matchers needs from an inverted index, whether it is the head's
 * in-memory one or a block's {@code index} file. Postings are sorted arrays of series ids.
 */
public interface IndexReader {

    /** The ids of every series. */
    int[] allPostings();

    /** The ids of series with {@code name="value"}; empty when none. */
    int[] postings(String name, String value);

    /**
     * The values of {@code name}, sorted by {@link io.epimetheus.api.model.Labels#compareStrings},
     * starting at the first value {@code >= from} ({@code ""} for all).
     */
    List<String> sortedValues(String name, String from);

    /** The label names in use, sorted. */
    List<String> labelNames();
}
