package io.epimetheus.http.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.QueryStats;
import io.epimetheus.api.query.Series;
import io.epimetheus.http.api.QueryResultWriters;
import io.epimetheus.http.json.ApiJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Streaming a {@code query_range} answer of 10,000 series × 240 points (the size) as the
 * API writes it: envelope, labels, timestamps and Go-formatted values, into a sink that only counts
 * bytes. Run with {@code -prof gc} for the allocation per answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueryRangeJsonBenchmark {

    @Param({"10000"})
    int series;

    @Param({"240"})
    int points;

    /**
     * {@code decimal}: values with one decimal (gauges, counters); {@code computed}:
     * full-precision quotients as rate() and other functions return, whose shortest form needs
     * 16-17 digits.
     */
    @Param({"decimal", "computed"})
    String values;

    private Matrix matrix;

    /** Counts what would go to the client. */
    static final class CountingStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Setup
    public void setUp() {
        Random r = new Random(42);
        List<Series> list = new ArrayList<>(series);
        long start = 1_700_000_000_000L;
        for (int i = 0; i < series; i++) {
            long[] ts = new long[points];
            double[] vs = new double[points];
            double v = r.nextInt(1000);
            for (int k = 0; k < points; k++) {
                ts[k] = start + k * 15_000L;
                v += r.nextInt(100) / 10.0;
                vs[k] = values.equals("decimal") ? Math.round(v * 10) / 10.0 : v / 7;
            }
            list.add(new Series(Labels.of("__name__", "bench_metric", "instance", "host-" + (i % 100) + ":9100",
                    "job", "node", "series", Integer.toString(i)), ts, vs, points));
        }
        matrix = new Matrix(list);
    }

    @Benchmark
    public long writeMatrix() throws IOException {
        CountingStream out = new CountingStream();
        try (JsonGenerator g = ApiJson.generator(out)) {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeFieldName("data");
            QueryResultWriters.write(g, matrix, 0, (QueryStats) null);
            ApiJson.endSuccess(g);
        }
        return out.bytes;
    }
}
