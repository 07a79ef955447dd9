package io.epimetheus.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.Series;
import io.epimetheus.api.query.Vector;
import io.epimetheus.promql.testing.MemoryStorage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sums and means as Prometheus 3.x computes them: Kahan-Neumaier compensated sums in {@code sum},
 * {@code avg}, {@code sum_over_time} and {@code avg_over_time}, and a mean that switches to
 * incremental computation only where the running sum would overflow. The inputs are ones where plain
 * floating-point addition (Prometheus 2.x's {@code sum}) gives a different answer; the expected
 * values are the exact results, which compensation reaches.
 */
class CompensatedSummationTest {

    private final PromqlEngine engine = new PromqlEngine(EngineSettings.DEFAULTS);

    static Stream<Arguments> cases() {
        return Stream.of(
                // plain: 1 + 1e100 + 1 - 1e100 = 0
                Arguments.of(new double[] {1, 1e100, 1, -1e100}, 2.0, 0.5),
                // plain: 0.9999999999999999
                Arguments.of(new double[] {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 1.0, 0.1),
                // plain: 0.6000000000000001
                Arguments.of(new double[] {0.1, 0.2, 0.3}, 0.6, 0.2),
                // plain: 2.9000000000000004; the compensated sum is the double nearest to 2.9 - 2^-51.
                Arguments.of(new double[] {3.3, 1.1, 2.2, -4.4, 0.7}, 2.8999999999999995, 0.58),
                // The running sum overflows at the second value: the mean continues incrementally.
                Arguments.of(new double[] {1e308, 1e308, -1e308}, Double.POSITIVE_INFINITY, 3.333333333333333e307));
    }

    /** One series per value, {@code x{i="00"}}, ... in that (label) order, constant over 10 minutes. */
    private static MemoryStorage across(double[] values) {
        MemoryStorage s = new MemoryStorage();
        for (int i = 0; i < values.length; i++) {
            for (long t = 0; t <= 600_000; t += 15_000) {
                s.add(Labels.of("__name__", "x", "i", String.format("%02d", i)), t, values[i]);
            }
        }
        return s;
    }

    /** One series with the values one second apart from t = 1s. */
    private static MemoryStorage over(double[] values) {
        MemoryStorage s = new MemoryStorage();
        for (int i = 0; i < values.length; i++) {
            s.add(Labels.of("__name__", "x"), (i + 1) * 1000L, values[i]);
        }
        return s;
    }

    private double instant(MemoryStorage storage, String q, long t) {
        Vector v = (Vector) engine.instantQuery(storage, q, t, QueryOptions.DEFAULTS).execute().value();
        assertEquals(1, v.samples().size(), q);
        return v.samples().get(0).v();
    }

    /** Every step of a range query, which must all have {@code expected}. */
    private void range(MemoryStorage storage, String q, double expected) {
        Matrix m = (Matrix) engine.rangeQuery(storage, q, 300_000, 600_000, 60_000, QueryOptions.DEFAULTS).execute()
                .value();
        assertEquals(1, m.series().size(), q);
        Series s = m.series().get(0);
        assertEquals(6, s.count(), q);
        for (int k = 0; k < s.count(); k++) {
            assertEquals(expected, s.values()[k], q + " at step " + k);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void aggregations(double[] values, double sum, double avg) {
        MemoryStorage s = across(values);
        assertEquals(sum, instant(s, "sum(x)", 600_000));
        assertEquals(avg, instant(s, "avg(x)", 600_000));
        // Step by step, and streamed series by series over a range function.
        range(s, "sum(x)", sum);
        range(s, "avg(x)", avg);
        range(s, "sum(last_over_time(x[1m]))", sum);
        range(s, "avg(last_over_time(x[1m]))", avg);
        // Grouped by a label every series shares.
        range(s, "sum by (__name__) (x)", sum);
    }

    /**
     * The order of additions decides the last bits even with compensation. Prometheus never asks
     * the storage for sorted series, so a sum adds in storage order: for a head, the order the
     * series were created, here the reverse of their label order.
     */
    @Test
    void sumsAddInStorageOrder() {
        MemoryStorage s = new MemoryStorage(true);
        double[] values = {-3.3000000000000003, -1.1000000000000002e17, 1.3, 1.3e17};
        for (long t = 0; t <= 600_000; t += 15_000) {
            for (int i = 0; i < values.length; i++) {
                s.add(Labels.of("__name__", "x", "i", Integer.toString(values.length - i)), t, values[i]);
            }
        }
        // Added in label order, the compensated sum would be 1.999999999999998e16.
        assertEquals(1.9999999999999984e16, instant(s, "sum(x)", 600_000));
        range(s, "sum(x)", 1.9999999999999984e16);
        range(s, "sum(last_over_time(x[1m]))", 1.9999999999999984e16);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void overTime(double[] values, double sum, double avg) {
        MemoryStorage s = over(values);
        long t = values.length * 1000L;
        assertEquals(sum, instant(s, "sum_over_time(x[1m])", t));
        assertEquals(avg, instant(s, "avg_over_time(x[1m])", t));
        assertEquals(sum, instant(s, "sum_over_time(x[1m:1s])", t));
        assertEquals(avg, instant(s, "avg_over_time(x[1m:1s])", t));
    }
}
