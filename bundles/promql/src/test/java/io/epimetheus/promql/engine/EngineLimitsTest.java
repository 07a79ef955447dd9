package io.epimetheus.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.Vector;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.promql.parse.ParserOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limits of the engine: samples, timeout, cancellation, concurrency, storage failures. */
class EngineLimitsTest {

    private static EngineSettings settings(long timeoutMillis, long maxSamples, int maxConcurrent) {
        return new EngineSettings(300_000, timeoutMillis, maxSamples, maxConcurrent, 60_000, ParserOptions.DEFAULTS,
                false, false);
    }

    /**
     * Runs {@code q} on another thread and waits until it reads {@code storage}; the result is the
     * QueryException the query ended with, or null.
     */
    private static CompletableFuture<Throwable> executeUntilReading(Query q, SlowStorage storage) throws Exception {
        CompletableFuture<Throwable> result = CompletableFuture.supplyAsync(() -> {
            try {
                q.execute();
                return null;
            } catch (QueryException e) {
                return e;
            }
        });
        assertTrue(storage.reading.await(30, TimeUnit.SECONDS));
        return result;
    }

    @Test
    void failsWithPrometheusMessageWhenTooManySamples() {
        PromqlEngine engine = new PromqlEngine(settings(60_000, 100, 2));
        Query q = engine.rangeQuery(new SlowStorage(10), "slow", 0, 60_000, 1_000, QueryOptions.DEFAULTS);
        QueryException e = assertThrows(QueryException.class, q::execute);
        assertEquals(ErrorType.EXECUTION, e.type());
        assertEquals("query processing would load too many samples into memory in query execution", e.getMessage());
    }

    @Test
    void staysWithinTheSampleLimit() {
        PromqlEngine engine = new PromqlEngine(settings(60_000, 100, 2));
        Query q = engine.instantQuery(new SlowStorage(10), "slow", 60_000, QueryOptions.DEFAULTS);
        assertEquals(10, ((Vector) q.execute().value()).samples().size());
    }

    @Test
    void timesOut() {
        PromqlEngine engine = new PromqlEngine(settings(60_000, 50_000_000, 2));
        Query q = engine.instantQuery(new SlowStorage(100_000), "slow", 60_000, new QueryOptions(50, 0, false));
        long t0 = System.nanoTime();
        QueryException e = assertThrows(QueryException.class, q::execute);
        assertEquals(ErrorType.TIMEOUT, e.type());
        assertEquals("query timed out in expression evaluation", e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "the query stopped early");
    }

    @Test
    void isCanceledFromAnotherThread() throws Exception {
        PromqlEngine engine = new PromqlEngine(settings(60_000, 50_000_000, 2));
        SlowStorage storage = new SlowStorage(100_000);
        Query q = engine.instantQuery(storage, "slow", 60_000, QueryOptions.DEFAULTS);
        CompletableFuture<Throwable> result = executeUntilReading(q, storage);
        q.cancel();
        QueryException e = (QueryException) result.get(30, TimeUnit.SECONDS);
        assertEquals(ErrorType.CANCELED, e.type());
        assertEquals("query was canceled in expression evaluation", e.getMessage());
    }

    @Test
    void closingTheEngineCancelsRunningQueriesAndRefusesNewOnes() throws Exception {
        PromqlEngine engine = new PromqlEngine(settings(60_000, 50_000_000, 2));
        SlowStorage storage = new SlowStorage(100_000);
        Query q = engine.instantQuery(storage, "slow", 60_000, QueryOptions.DEFAULTS);
        CompletableFuture<Throwable> result = executeUntilReading(q, storage);
        engine.close();
        assertEquals(ErrorType.CANCELED, ((QueryException) result.get(30, TimeUnit.SECONDS)).type());
        Query later = engine.instantQuery(storage, "slow", 60_000, QueryOptions.DEFAULTS);
        assertEquals(ErrorType.UNAVAILABLE, assertThrows(QueryException.class, later::execute).type());
    }

    @Test
    void queriesWaitForAConcurrencySlotWithinTheirTimeout() throws Exception {
        PromqlEngine engine = new PromqlEngine(settings(60_000, 50_000_000, 1));
        SlowStorage storage = new SlowStorage(100_000);
        Query running = engine.instantQuery(storage, "slow", 60_000, QueryOptions.DEFAULTS);
        CompletableFuture<Throwable> first = executeUntilReading(running, storage);
        Query waiting = engine.instantQuery(storage, "slow", 60_000, new QueryOptions(50, 0, false));
        QueryException e = assertThrows(QueryException.class, waiting::execute);
        assertEquals(ErrorType.TIMEOUT, e.type());
        assertEquals("query timed out in query queue", e.getMessage());
        running.cancel();
        first.get(30, TimeUnit.SECONDS);
    }

    @Test
    void runsOutOfMemoryAsAnErrorNotAnOutOfMemoryError() {
        Queryable exhausted = (mint, maxt) -> {
            throw new OutOfMemoryError("Java heap space");
        };
        PromqlEngine engine = new PromqlEngine(settings(60_000, 50_000_000, 2));
        QueryException e = assertThrows(QueryException.class,
                engine.instantQuery(exhausted, "up", 0, QueryOptions.DEFAULTS)::execute);
        assertEquals(ErrorType.EXECUTION, e.type());
        assertTrue(e.getMessage().startsWith("query ran out of memory"), e.getMessage());
    }

    @Test
    void reportsUnavailableStorageAsRetryable() {
        Queryable closing = (mint, maxt) -> {
            throw new StorageException("storage is closing", true);
        };
        PromqlEngine engine = new PromqlEngine(settings(60_000, 50_000_000, 2));
        QueryException e = assertThrows(QueryException.class,
                engine.instantQuery(closing, "up", 0, QueryOptions.DEFAULTS)::execute);
        assertEquals(ErrorType.UNAVAILABLE, e.type());
        assertEquals("storage is closing", e.getMessage());
    }

    @Test
    void releasesTheSlotAfterFailures() {
        PromqlEngine engine = new PromqlEngine(settings(60_000, 50_000_000, 1));
        Queryable broken = (mint, maxt) -> {
            throw new StorageException("broken", false);
        };
        for (int i = 0; i < 3; i++) {
            assertThrows(QueryException.class, engine.instantQuery(broken, "up", 0, QueryOptions.DEFAULTS)::execute);
        }
        assertEquals(1, engine.slots().availablePermits());
    }
}
