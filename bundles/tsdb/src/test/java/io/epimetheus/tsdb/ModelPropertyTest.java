package io.epimetheus.tsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.AppendException;
import io.epimetheus.api.storage.Appender;
import io.epimetheus.tsdb.TestUtil.S;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random appends (in and out of order, duplicates, rollbacks), deletions, compactions, tombstone
 * cleaning and restarts against a plain in-memory model; after every step queries over random
 * ranges and matchers must agree with the model.
 */
class ModelPropertyTest {

    private static final long H = 3_600_000;

    @TempDir
    Path dir;

    private final Map<Labels, TreeMap<Long, Double>> model = new TreeMap<>();

    private Db open() throws IOException {
        return Db.open(new TsdbOptions(dir, 0, 0, 2 * H, 54 * H, true, 1 << 20, false, 0));
    }

    private Map<Labels, List<S>> expect(long mint, long maxt, Matcher... ms) {
        Map<Labels, List<S>> out = new TreeMap<>();
        for (Map.Entry<Labels, TreeMap<Long, Double>> e : model.entrySet()) {
            boolean match = true;
            for (Matcher m : ms) {
                match &= m.matches(e.getKey());
            }
            if (!match) {
                continue;
            }
            List<S> l = new ArrayList<>();
            e.getValue().subMap(mint, true, maxt, true).forEach((t, v) -> l.add(S.of(t, v)));
            if (!l.isEmpty()) {
                out.put(e.getKey(), l);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1234, 5, 99, 2026})
    void storageAgreesWithModel(long seed) throws IOException {
        Random rnd = new Random(seed);
        Labels[] series = new Labels[12];
        for (int i = 0; i < series.length; i++) {
            series[i] = Labels.of("__name__", "m" + (i % 3), "i", Integer.toString(i), "g", i % 2 == 0 ? "even" : "odd");
        }
        long[] last = new long[series.length];
        java.util.Arrays.fill(last, Long.MIN_VALUE);
        long now = 0;
        Db db = open();
        try {
            for (int step = 0; step < 500; step++) {
                int op = rnd.nextInt(100);
                if (op < 70) {
                    Appender app = db.appender();
                    Map<Labels, TreeMap<Long, Double>> pending = new TreeMap<>();
                    long[] pendingLast = last.clone();
                    int n = 1 + rnd.nextInt(30);
                    for (int k = 0; k < n; k++) {
                        int s = rnd.nextInt(series.length);
                        now += rnd.nextInt(3) == 0 ? rnd.nextInt(60_000) : 0;
                        long t = rnd.nextInt(10) == 0 ? now - rnd.nextInt(120_000) : now;
                        double v = rnd.nextInt(5) == 0 ? 7 : rnd.nextDouble();
                        try {
                            app.append(0, series[s], t, v);
                            if (t > pendingLast[s]) {
                                pending.computeIfAbsent(series[s], x -> new TreeMap<>()).put(t, v);
                                pendingLast[s] = t;
                            }
                        } catch (AppendException e) {
                            // rejected: not in the model either
                        }
                    }
                    if (rnd.nextInt(8) == 0) {
                        app.rollback();
                    } else {
                        app.commit();
                        pending.forEach((l, m) -> model.computeIfAbsent(l, x -> new TreeMap<>()).putAll(m));
                        last = pendingLast;
                    }
                } else if (op < 78 && now > 300_000) {
                    // Tombstones also hide samples appended later inside their range (as in
                    // Prometheus), so delete only what lies before any future append.
                    long b = now - 200_000 - rnd.nextInt(100_000);
                    long a = b - rnd.nextInt((int) H);
                    Matcher m = rnd.nextBoolean() ? Matcher.equal("g", "odd") : Matcher.regex("i", "1|2|3");
                    db.deleteSeries(a, b, m);
                    model.forEach((l, samples) -> {
                        if (m.matches(l)) {
                            samples.subMap(a, true, b, true).clear();
                        }
                    });
                } else if (op < 88) {
                    now += rnd.nextInt((int) H);
                    db.compact();
                } else if (op < 92) {
                    db.cleanTombstones();
                } else {
                    db.close();
                    db = open();
                }
                long mint = rnd.nextBoolean() ? Long.MIN_VALUE : rnd.nextLong(Math.max(1, now + 1));
                long maxt = rnd.nextBoolean() ? Long.MAX_VALUE : mint + rnd.nextInt((int) (4 * H));
                Matcher[] ms = switch (rnd.nextInt(4)) {
                    case 0 -> new Matcher[] {TestUtil.all()};
                    case 1 -> new Matcher[] {Matcher.equal("g", "even")};
                    case 2 -> new Matcher[] {Matcher.regex("__name__", "m[12]"), Matcher.notEqual("i", "4")};
                    default -> new Matcher[] {Matcher.equal("__name__", "m0"), Matcher.notRegex("g", "odd")};
                };
                // Like Prometheus, a series whose chunks overlap the range may come back without
                // samples in it; only series with samples count here.
                Map<Labels, List<S>> got = TestUtil.query(db, mint, maxt, ms);
                got.values().removeIf(List::isEmpty);
                assertEquals(expect(mint, maxt, ms), got, "seed " + seed + ", step " + step);
            }
        } finally {
            db.close();
        }
    }
}
