package io.epimetheus.api.storage;

import io.epimetheus.api.model.Labels;
import java.util.List;

/**
 * A cursor over series: call {@link #next()} until it returns {@code false}, read {@link
 * #labels()} and the samples through {@link #iterator(SampleIterator)}. Errors during iteration
 * are thrown as {@link StorageException}. Not thread-safe.
 */
public interface SeriesSet {

    /** Advances to the next series; {@code false} at the end. */
    boolean next();

    /** The labels of the current series. */
    Labels labels();

    /**
     * An iterator over the samples of the current series. Pass the iterator used for the previous
     * series (or {@code null}) so the implementation can reuse it instead of allocating.
     */
    SampleIterator iterator(SampleIterator reuse);

    /** Non-fatal problems met while selecting (e.g. a remote store that did not answer). */
    default List<String> warnings() {
        return List.of();
    }

    /** An empty set. */
    static SeriesSet empty() {
        return EmptySeriesSet.INSTANCE;
    }
}
