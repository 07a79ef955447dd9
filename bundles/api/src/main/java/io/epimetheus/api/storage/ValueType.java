package io.epimetheus.api.storage;

/** The kind of the current sample of a {@link SampleIterator}. */
public enum ValueType {
    /** No current sample: the iterator is exhausted. */
    NONE,
    /** A float sample: read it with {@link SampleIterator#v()}. */
    FLOAT,
    /** A native histogram sample (reserved: not produced by this version of the API). */
    HISTOGRAM
}
