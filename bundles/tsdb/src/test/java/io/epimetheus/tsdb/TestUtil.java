package io.epimetheus.tsdb;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers to read whole series out of a storage for assertions. */
public final class TestUtil {

    private TestUtil() {
    }

    /** A sample as a pair, comparing values bit for bit. */
    public record S(long t, long bits) {
        public static S of(long t, double v) {
            return new S(t, Double.doubleToRawLongBits(v));
        }

        @Override
        public String toString() {
            return t + "=" + Double.longBitsToDouble(bits);
        }
    }

    /** Every series matching, with all samples in range, in the order the querier returns them. */
    public static Map<Labels, List<S>> query(Queryable q, long mint, long maxt, Matcher... ms) {
        Map<Labels, List<S>> out = new LinkedHashMap<>();
        try (Querier qr = q.querier(mint, maxt)) {
            SeriesSet ss = qr.select(true, null, ms);
            SampleIterator it = null;
            while (ss.next()) {
                it = ss.iterator(it);
                List<S> samples = new ArrayList<>();
                while (it.next() == ValueType.FLOAT) {
                    samples.add(new S(it.t(), Double.doubleToRawLongBits(it.v())));
                }
                if (out.put(ss.labels(), samples) != null) {
                    throw new AssertionError("series returned twice: " + ss.labels());
                }
            }
        }
        return out;
    }

    public static Matcher all() {
        return Matcher.regex("__name__", ".+");
    }
}
