package io.epimetheus.promql.bench;

import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.promql.engine.EngineSettings;
import io.epimetheus.promql.engine.PromqlEngine;
import io.epimetheus.promql.testing.MemoryStorage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Epimetheus side of {@code bench/compare.sh}: writes {@link BenchData} as OpenMetrics for
 * promtool, or times queries over it.
 *
 * <pre>
 * CompareMain openmetrics FILE
 * CompareMain range|instant RUNS QUERY...   prints "QUERY&lt;TAB&gt;median ms"
 * </pre>
 */
public final class CompareMain {

    private CompareMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("openmetrics")) {
            try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
                BenchData.writeOpenMetrics(w);
            }
            return;
        }
        if (args.length < 3 || !(args[0].equals("range") || args[0].equals("instant"))) {
            System.err.println("usage: CompareMain openmetrics FILE | CompareMain range|instant RUNS QUERY...");
            System.exit(2);
        }
        boolean range = args[0].equals("range");
        int runs = Integer.parseInt(args[1]);
        MemoryStorage storage = BenchData.load();
        PromqlEngine engine = new PromqlEngine(EngineSettings.DEFAULTS);
        for (int q = 2; q < args.length; q++) {
            String query = args[q];
            // Warm-up (JIT compilation): at least five runs and at least three seconds.
            long warmupEnd = System.nanoTime() + 3_000_000_000L;
            for (int i = 0; i < 5 || System.nanoTime() < warmupEnd; i++) {
                run(engine, storage, query, range);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                run(engine, storage, query, range);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("%s\t%.1f%n", query, ms[runs / 2]);
        }
    }

    private static void run(PromqlEngine engine, MemoryStorage storage, String query, boolean range) {
        if (range) {
            engine.rangeQuery(storage, query, BenchData.START, BenchData.END, 15_000, QueryOptions.DEFAULTS)
                    .execute();
        } else {
            engine.instantQuery(storage, query, BenchData.END, QueryOptions.DEFAULTS).execute();
        }
    }
}
