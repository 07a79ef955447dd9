package io.epimetheus.tsdb.bench;

import io.epimetheus.tsdb.index.Postings;
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

/** Postings intersection: a selective list against a large one, and two large ones. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PostingsBenchmark {

    @Param({"1000000"})
    public int size;

    private int[] large1;
    private int[] large2;
    private int[] small;

    private static int[] every(int n, int step, int offset) {
        int[] a = new int[n / step];
        for (int i = 0; i < a.length; i++) {
            a[i] = offset + i * step;
        }
        return a;
    }

    @Setup
    public void setup() {
        large1 = every(size, 1, 0);
        large2 = every(size, 2, 1);
        Random r = new Random(3);
        small = new int[100];
        for (int i = 0; i < small.length; i++) {
            small[i] = (i * (size / small.length)) + r.nextInt(size / small.length);
        }
    }

    @Benchmark
    public int smallAndLarge() {
        return Postings.intersect(small, large1).length;
    }

    @Benchmark
    public int largeAndLarge() {
        return Postings.intersect(large1, large2).length;
    }

    @Benchmark
    public int subtract() {
        return Postings.subtract(large1, large2).length;
    }
}
