package io.epimetheus.scrape.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.config.HttpClientConfig;
import io.epimetheus.api.config.ScrapeConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.scrape.TargetHealth;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.httpclient.HttpClient;
import io.epimetheus.relabel.Relabeler;
import io.epimetheus.scrape.http.TargetConnection;
import io.epimetheus.scrape.target.ScrapeTarget;
import io.epimetheus.scrape.target.TargetBuilder;
import io.epimetheus.scrape.testing.MemoryStorage;
import io.epimetheus.scrape.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz of the scrape path: random corruptions of valid bodies (byte flips, truncation,
 * invalid UTF-8, stray quotes and escapes, huge lines, repeated metadata, odd numbers) are
 * scraped by one target while a second target scrapes a good body. Whatever the body, the scrape
 * ends in {@code up 1} or in {@code up 0} with a reason; a failed scrape stores nothing of its
 * body; the other target and the data stored before are never disturbed.
 */
class MalformedBodyFuzzTest {

    private static final int ITERATIONS = 400;
    private static final String[] SEEDS = {
        "# HELP a_total A counter.\n# TYPE a_total counter\na_total{x=\"1\"} 10\na_total{x=\"2\"} 20 1700000000000\n"
            + "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\ng NaN\n",
        "# TYPE c counter\n# HELP c A counter.\nc_total{a=\"b\\\\c\\\"d\\ne\"} 1.5e3 # {trace_id=\"x\"} 1 1.5\n"
            + "c_created 1.7e9\n# TYPE s stateset\ns{s=\"a\"} 1\ns{s=\"b\"} 0\n# EOF\n",
    };
    private static final byte[][] INSERTS = {
        {'"'}, {'\\'}, {'{'}, {'}'}, {'\n'}, {'#'}, {' '}, {(byte) 0xff}, {(byte) 0xc3}, {0}, "NaN".getBytes(),
        "# TYPE a_total gauge\n".getBytes(), "# EOF\n".getBytes(), "=\"".getBytes(), "1e999".getBytes(), ",".getBytes(),
    };

    private final MemoryStorage storage = new MemoryStorage();

    private ScrapeLoop loop(String job) {
        ScrapeConfig c = TestConfigs.job(job).build();
        TargetBuilder.Result r = new TargetBuilder(c, Relabeler.NONE).build(Labels.of("__address__", "h:1"), Labels.EMPTY);
        return new ScrapeLoop(new ScrapeTarget(job, r.labels(), r.discovered(), c.params()), LoopOptions.of(c),
                new TargetConnection(new HttpClient(HttpClientConfig.DEFAULT)), () -> storage, new ScrapeMetrics(), null);
    }

    @Test
    void malformedBodiesFailOnlyTheirScrape() {
        Random random = new Random(0x5eed);
        ScrapeLoop fuzzed = loop("fuzzed");
        ScrapeLoop good = loop("good");
        byte[] goodBody = "steady 1\n".getBytes(StandardCharsets.UTF_8);
        Labels goodUp = Labels.of("__name__", "up", "job", "good", "instance", "h:1");
        Labels steady = Labels.of("__name__", "steady", "job", "good", "instance", "h:1");
        Labels fuzzedUp = Labels.of("__name__", "up", "job", "fuzzed", "instance", "h:1");
        int failed = 0;
        long t = 1_700_000_000_000L;
        for (int i = 0; i < ITERATIONS; i++) {
            t += 1000;
            int seed = random.nextInt(SEEDS.length);
            ExpositionFormat format = seed == 0 ? ExpositionFormat.PROMETHEUS_TEXT : ExpositionFormat.OPENMETRICS;
            byte[] body = mutate(SEEDS[seed].getBytes(StandardCharsets.UTF_8), random);
            Set<Labels> before = new HashSet<>(storage.seriesLabels());
            fuzzed.ingest(body, body.length, format, null, body.length, t, System.nanoTime());
            boolean up = storage.last(fuzzedUp).v() == 1;
            if (up) {
                assertEquals("", fuzzed.target().lastError());
                assertEquals(TargetHealth.UP, fuzzed.target().health());
            } else {
                failed++;
                assertFalse(fuzzed.target().lastError().isEmpty(), "a failed scrape says why");
                for (Labels l : storage.seriesLabels()) {
                    boolean report = l.getOrEmpty("__name__").startsWith("scrape_") || l.getOrEmpty("__name__").equals("up");
                    assertTrue(before.contains(l) || report, () -> "a failed scrape stored " + l);
                }
            }
            good.ingest(goodBody, goodBody.length, ExpositionFormat.PROMETHEUS_TEXT, null, goodBody.length, t, System.nanoTime());
            assertEquals(1, storage.last(goodUp).v(), "the other target is not disturbed");
            assertEquals(1, storage.last(steady).v());
        }
        assertEquals(ITERATIONS, storage.samples(steady).size());
        assertTrue(failed > ITERATIONS / 4, "the corruptions do hit the parser: " + failed + " failed scrapes");
        assertTrue(failed < ITERATIONS, "some corrupted bodies are still valid");
        fuzzed.close();
        good.close();
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int pos = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[pos] = (byte) random.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, pos);
                case 2 -> {
                    byte[] ins = INSERTS[random.nextInt(INSERTS.length)];
                    byte[] out = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, out, 0, pos);
                    System.arraycopy(ins, 0, out, pos, ins.length);
                    System.arraycopy(b, pos, out, pos + ins.length, b.length - pos);
                    b = out;
                }
                case 3 -> {
                    byte[] out = new byte[b.length + 70_000];
                    System.arraycopy(b, 0, out, 0, pos);
                    Arrays.fill(out, pos, pos + 70_000, (byte) 'x');
                    System.arraycopy(b, pos, out, pos + 70_000, b.length - pos);
                    b = out;
                }
                default -> {
                    byte[] out = Arrays.copyOf(b, b.length * 2);
                    System.arraycopy(b, 0, out, b.length, b.length);
                    b = out;
                }
            }
            if (b.length == 0) {
                b = new byte[] {(byte) 'x'};
            }
        }
        return b;
    }
}
