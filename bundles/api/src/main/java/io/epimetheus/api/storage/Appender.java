package io.epimetheus.api.storage;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;

/**
 * A batch of samples to add to a {@link Storage}, committed or rolled back as a whole.
 *
 * <p>Series references: {@link #append} returns a reference for the series that the caller may
 * pass back on later appends to skip the label lookup. A reference is only a hint: the
 * implementation falls back to {@code labels} when the reference is {@code 0} or no longer known,
 * so callers always pass the labels too. References are valid only for the storage instance that
 * issued them.
 *
 * <p>Errors: a sample that cannot be stored (out of order, duplicate timestamp with a different
 * value, too old) is rejected with an {@link AppendException} naming the {@link
 * AppendException.Reason}; the appender stays usable and the other samples of the batch are
 * unaffected. Implementations may throw shared, stack-trace-free exception instances on the hot
 * path.
 *
 * <p>Threading: confined to one thread at a time. Not reusable after commit or rollback.
 */
public interface Appender {

    /**
     * Adds a float sample. {@code v} may be the {@link io.epimetheus.api.model.StaleNaN staleness
     * marker}, which is stored as such.
     *
     * @param ref a reference returned earlier for the same series, or {@code 0}
     * @param labels the series labels, sorted and valid, with a {@code __name__}
     * @param t the timestamp in milliseconds since the epoch
     * @param v the value
     * @return the series reference (never {@code 0})
     * @throws AppendException if this sample is rejected
     * @throws StorageException if the storage is unavailable
     */
    long append(long ref, Labels labels, long t, double v);

    /**
     * Attaches an exemplar to a series. Storages without exemplar support ignore it.
     *
     * @return the series reference
     */
    long appendExemplar(long ref, Labels labels, Exemplar exemplar);

    /**
     * Records the metadata of the series' metric family. Storages without metadata support ignore it.
     *
     * @return the series reference
     */
    long updateMetadata(long ref, Labels labels, MetricMetadata metadata);

    /**
     * Makes every sample appended so far visible and durable (written to the write-ahead log
     * before this returns).
     *
     * @throws StorageException if the batch could not be made durable; then none of it is visible
     */
    void commit();

    /** Discards every sample appended so far. */
    void rollback();
}
