package io.epimetheus.api.storage;

/**
 * Anything that can be queried over a time range: the local {@link Storage}, a remote-read
 * client, or a merge of several. The query engine evaluates against whatever {@code Queryable} its
 * caller passes.
 */
@FunctionalInterface
public interface Queryable {

    /**
     * Service property that says what a registered {@code Queryable} service offers. The one
     * that merges local storage with {@code remote_read} endpoints has the value {@value
     * #MERGED}; query endpoints prefer it to the plain {@link Storage}, as Prometheus's fanout.
     */
    String KIND_PROPERTY = "epimetheus.queryable";

    /** {@value #KIND_PROPERTY} of the queryable merging local storage and remote reads. */
    String MERGED = "merged";

    /**
     * Opens a querier over samples with {@code mintMillis <= t <= maxtMillis}. The caller must
     * close it. A querier sees a consistent view: data appended after it is opened may or may not
     * be visible, but data it has returned stays readable until it is closed.
     *
     * @throws StorageException if the storage cannot serve queries right now (e.g. it is closing)
     */
    Querier querier(long mintMillis, long maxtMillis);
}
