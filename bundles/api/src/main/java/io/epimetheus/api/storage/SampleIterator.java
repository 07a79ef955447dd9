package io.epimetheus.api.storage;

/**
 * Primitive iteration over the samples of one series in timestamp order, without boxing or a
 * per-sample object: {@link #next()} advances and says what kind of value is now current, {@link
 * #t()} and {@link #v()} read it.
 *
 * <p>Not thread-safe. Errors (e.g. a corrupt chunk) are thrown as {@link StorageException}.
 */
public interface SampleIterator {

    /** Advances to the next sample; returns its type, or {@link ValueType#NONE} at the end. */
    ValueType next();

    /**
     * Advances to the first sample with timestamp {@code >= t} (staying put when the current
     * sample already qualifies) and returns its type, or {@link ValueType#NONE} when there is
     * none. Never moves backwards.
     */
    ValueType seek(long t);

    /** The timestamp of the current sample, ms. */
    long t();

    /** The value of the current float sample. */
    double v();
}
