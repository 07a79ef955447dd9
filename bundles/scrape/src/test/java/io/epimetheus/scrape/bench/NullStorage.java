package io.epimetheus.scrape.bench;

import io.epimetheus.api.model.Exemplar;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricMetadata;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageException;
import java.util.HashMap;
import java.util.Map;

/**
 * A storage that accepts everything and keeps nothing but series references, so benchmarks
 * measure the scrape path, not a TSDB. Lookups by labels happen only for unknown references.
 */
final class NullStorage implements Storage {

    private final Map<Labels, Long> refs = new HashMap<>();
    private long next = 1;
    long samples;

    private final Appender appender = new Appender() {
        @Override
        public long append(long ref, Labels labels, long t, double v) {
            samples++;
            return ref != 0 ? ref : refs.computeIfAbsent(labels, l -> next++);
        }

        @Override
        public long appendExemplar(long ref, Labels labels, Exemplar exemplar) {
            return ref;
        }

        @Override
        public long updateMetadata(long ref, Labels labels, MetricMetadata metadata) {
            return ref;
        }

        @Override
        public void commit() {
        }

        @Override
        public void rollback() {
        }
    };

    @Override
    public Appender appender() {
        return appender;
    }

    @Override
    public Querier querier(long mint, long maxt) {
        throw new StorageException("benchmark storage is write-only", false);
    }

    @Override
    public long minTime() {
        return Long.MAX_VALUE;
    }
}
