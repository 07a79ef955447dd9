package io.epimetheus.api.storage;

import io.epimetheus.api.model.Labels;
import java.util.NoSuchElementException;

/** The series set without series. */
final class EmptySeriesSet implements SeriesSet {

    static final EmptySeriesSet INSTANCE = new EmptySeriesSet();

    private EmptySeriesSet() {
    }

    @Override
    public boolean next() {
        return false;
    }

    @Override
    public Labels labels() {
        throw new NoSuchElementException("empty series set");
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        throw new NoSuchElementException("empty series set");
    }
}
