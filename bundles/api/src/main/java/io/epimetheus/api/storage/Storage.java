package io.epimetheus.api.storage;

/**
 * A time-series store: the service the TSDB bundle registers and every producer (scraping, rule
 * evaluation, remote-write receiving) appends to.
 *
 * <p>Threading: all methods are thread-safe. Each {@link Appender} is used by one thread at a
 * time; any number of appenders and queriers may be open concurrently.
 *
 * <p>Lifecycle: when the providing bundle stops, open appenders fail with {@link StorageException}
 * ({@link StorageException#isRetryable() retryable}) and nothing committed is lost. Consumers must
 * not cache series references across a change of the bound {@code Storage} service.
 */
public interface Storage extends Queryable {

    /** A new appender; samples become visible and durable only on {@link Appender#commit()}. */
    Appender appender();

    /**
     * The timestamp of the oldest sample the storage holds, in milliseconds, or
     * {@link Long#MAX_VALUE} when it is empty.
     */
    long minTime();
}
