package io.epimetheus.api.discovery;

import java.util.List;
import java.util.function.Consumer;

/**
 * One running service discovery, created from one {@code <type>_sd_configs} entry.
 *
 * <p>Lifecycle: creation does no I/O. {@link #start(Consumer)} begins discovery on the
 * discoverer's own threads and sends the current groups as soon as it knows them, then every
 * change; {@link #close()} stops those threads and releases every resource. After close no more
 * updates are sent.
 *
 * <p>Updates: each call to the consumer carries the groups that changed (a full list the first
 * time). The consumer is thread-safe and cheap; discoverers may call it from any thread.
 */
public interface Discoverer extends AutoCloseable {

    /** Starts discovery; must be called at most once. */
    void start(Consumer<List<TargetGroup>> updates);

    /** Stops discovery. Idempotent. */
    @Override
    void close();
}
