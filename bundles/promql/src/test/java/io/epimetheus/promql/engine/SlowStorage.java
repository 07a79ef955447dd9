package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A storage of {@code series} series {@code slow{i="n"}} with one sample a second that sleeps a
 * millisecond per series read, so queries over it take long enough to be timed out or canceled.
 */
final class SlowStorage implements Queryable {

    private final int series;
    /** Counted down when a query starts reading. */
    final CountDownLatch reading = new CountDownLatch(1);

    SlowStorage(int series) {
        this.series = series;
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new Querier() {
            @Override
            public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                return new SeriesSet() {
                    private int i = -1;

                    @Override
                    public boolean next() {
                        reading.countDown();
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return ++i < series;
                    }

                    @Override
                    public Labels labels() {
                        return Labels.of("__name__", "slow", "i", Integer.toString(i));
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        return new SampleIterator() {
                            private long t = Math.max(mint, 0) / 1000 * 1000 - 1000;

                            @Override
                            public ValueType next() {
                                t += 1000;
                                return t <= maxt ? ValueType.FLOAT : ValueType.NONE;
                            }

                            @Override
                            public ValueType seek(long ts) {
                                while (t < ts) {
                                    if (next() == ValueType.NONE) {
                                        return ValueType.NONE;
                                    }
                                }
                                return t <= maxt ? ValueType.FLOAT : ValueType.NONE;
                            }

                            @Override
                            public long t() {
                                return t;
                            }

                            @Override
                            public double v() {
                                return t / 1000.0;
                            }
                        };
                    }
                };
            }

            @Override
            public List<String> labelValues(String name, int limit, Matcher... matchers) {
                return List.of();
            }

            @Override
            public List<String> labelNames(int limit, Matcher... matchers) {
                return List.of();
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }
}
