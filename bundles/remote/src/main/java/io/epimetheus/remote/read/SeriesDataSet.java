package io.epimetheus.remote.read;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import java.util.List;

/** A {@link SeriesSet} over series held in memory, optionally limited to {@code [mint, maxt]}. */
public final class SeriesDataSet implements SeriesSet {

    private final List<SeriesData> series;
    private final long mint;
    private final long maxt;
    private final List<String> warnings;
    private int i = -1;

    public SeriesDataSet(List<SeriesData> series, long mint, long maxt, List<String> warnings) {
        this.series = series;
        this.mint = mint;
        this.maxt = maxt;
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public boolean next() {
        return ++i < series.size();
    }

    @Override
    public Labels labels() {
        return series.get(i).labels;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        Iter it = reuse instanceof Iter r ? r : new Iter();
        it.reset(series.get(i), mint, maxt);
        return it;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    private static final class Iter implements SampleIterator {
        private SeriesData s;
        private int j;
        private long maxt;

        void reset(SeriesData data, long mint, long maxt) {
            s = data;
            this.maxt = maxt;
            j = -1;
            // Start just before the first sample in range.
            while (j + 1 < s.n && s.t[j + 1] < mint) {
                j++;
            }
        }

        @Override
        public ValueType next() {
            if (j + 1 < s.n && s.t[j + 1] <= maxt) {
                j++;
                return ValueType.FLOAT;
            }
            j = s.n;
            return ValueType.NONE;
        }

        @Override
        public ValueType seek(long t) {
            if (j < 0) {
                j = 0;
            }
            while (j < s.n && s.t[j] < t) {
                j++;
            }
            return j < s.n && s.t[j] <= maxt ? ValueType.FLOAT : ValueType.NONE;
        }

        @Override
        public long t() {
            return s.t[j];
        }

        @Override
        public double v() {
            return s.v[j];
        }
    }
}
