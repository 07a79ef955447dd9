package io.epimetheus.api.model;

import java.util.Objects;

/**
 * An exemplar attached to a sample: labels (such as a trace id), a value and, optionally, a
 * timestamp.
 *
 * @param labels the exemplar's own labels (not the series'), at most 128 UTF-8 characters together
 * @param value the observed value
 * @param timestampMillis milliseconds since the epoch, or {@link #NO_TIMESTAMP}
 */
public record Exemplar(Labels labels, double value, long timestampMillis) {

    /** Marks an exemplar without its own timestamp. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public Exemplar {
        Objects.requireNonNull(labels, "labels");
    }

    public boolean hasTimestamp() {
        return timestampMillis != NO_TIMESTAMP;
    }
}
