package io.epimetheus.promql.engine;

import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.promql.value.FloatSeries;

/** Iterates the samples of an in-memory series (a subquery result) like a storage series. */
final class SeriesArrayIterator implements SampleIterator {

    private FloatSeries s;
    private int i;

    SeriesArrayIterator reset(FloatSeries series) {
        s = series;
        i = -1;
        return this;
    }

    @Override
    public ValueType next() {
        if (i < s.n) {
            i++;
        }
        return i < s.n ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public ValueType seek(long ts) {
        if (i < 0) {
            i = 0;
        }
        while (i < s.n && s.t[i] < ts) {
            i++;
        }
        return i < s.n ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public long t() {
        return s.t[i];
    }

    @Override
    public double v() {
        return s.v[i];
    }
}
