package io.epimetheus.tsdb.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TestUtil;
import io.epimetheus.tsdb.TestUtil.S;
import io.epimetheus.tsdb.TsdbOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments, 20 times, and checks after each kill
 * that every batch the child saw committed is there, sample for sample, and nothing else changed.
 */
class CrashTest {

    private static final int ROUNDS = 20;
    private static final int SERIES = 50;

    @TempDir
    Path dir;

    @Test
    void everyCommittedSampleSurvivesKillMinus9() throws Exception {
        Random rnd = new Random(20);
        long next = 0;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < ROUNDS; round++) {
            Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString(),
                    Long.toString(next), Integer.toString(SERIES))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            AtomicLong lastAck = new AtomicLong(-1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("ack ")) {
                            lastAck.set(Long.parseLong(line.substring(4)));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the child died mid-line
                }
            });
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (lastAck.get() < next && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(5);
            }
            assertTrue(lastAck.get() >= next, "child made no progress in round " + round);
            Thread.sleep(rnd.nextInt(400));
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of the
            // pipe and lose acknowledgements still in it.
            p.toHandle().destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);
            long acked = lastAck.get();
            try (Db db = Db.open(TsdbOptions.defaults(dir).withDir(dir))) {
                Map<Labels, List<S>> got = TestUtil.query(db, Long.MIN_VALUE, Long.MAX_VALUE,
                        Matcher.equal("job", "crash"));
                assertEquals(SERIES, got.size(), "round " + round);
                for (int s = 0; s < SERIES; s++) {
                    List<S> samples = got.get(CrashWriter.labels(s));
                    assertNotNull(samples);
                    assertTrue(samples.size() >= acked + 1, "round " + round + ": series " + s + " has "
                            + samples.size() + " samples, " + (acked + 1) + " were committed");
                    for (long b = 0; b <= acked; b++) {
                        assertEquals(S.of(b * CrashWriter.STEP, CrashWriter.value(b, s)), samples.get((int) b),
                                "round " + round + ", series " + s + ", batch " + b);
                    }
                    // an unacknowledged batch may have made it; nothing beyond it can exist
                    assertTrue(samples.size() <= acked + 2, "round " + round + ": too many samples: " + samples.size()
                            + " with " + (acked + 1) + " acknowledged; last ones "
                            + samples.subList(Math.max(0, samples.size() - 4), samples.size()));
                }
                next = samples(got) ;
            }
        }
    }

    /** The batch number to continue from: one past the longest series. */
    private static long samples(Map<Labels, List<S>> got) {
        long max = 0;
        for (List<S> l : got.values()) {
            max = Math.max(max, l.size());
        }
        return max;
    }
}
