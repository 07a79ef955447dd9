package io.epimetheus.promql.bench;

import io.epimetheus.api.model.Labels;
import io.epimetheus.promql.testing.MemoryStorage;
import java.io.IOException;
import java.io.Writer;
import java.util.Random;

/**
 * The benchmark data set: 10,000 counter series {@code x{job, instance}} (10 jobs, 1,000
 * instances) and 1,000 classic histograms {@code h_bucket{job, instance, le}} with 10 buckets
 * (10,000 series), sampled every 15s for 3h (721 samples each): 14.4 million samples. Generated
 * deterministically, so the same data can be written out for Prometheus.
 */
public final class BenchData {

    /** The scrape interval, ms. */
    public static final long INTERVAL = 15_000;
    /** The time span, ms. */
    public static final long SPAN = 3 * 3_600_000;
    /** The first sample's timestamp: an arbitrary recent-looking instant, ms. */
    public static final long START = 1_700_000_000_000L;
    public static final long END = START + SPAN;

    private static final int JOBS = 10;
    private static final int INSTANCES_PER_JOB = 100;
    private static final int COUNTER_SERIES_PER_INSTANCE = 10;
    private static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};

    private BenchData() {
    }

    /** Receives the generated samples. */
    @FunctionalInterface
    public interface Sink {
        void sample(Labels labels, long t, double v) throws IOException;
    }

    /** Generates every sample, series by series. */
    public static void generate(Sink sink) throws IOException {
        Random r = new Random(42);
        int samples = (int) (SPAN / INTERVAL) + 1;
        for (int j = 0; j < JOBS; j++) {
            for (int i = 0; i < INSTANCES_PER_JOB; i++) {
                String job = "job-" + j;
                String instance = "host-" + (j * INSTANCES_PER_JOB + i) + ":9100";
                for (int c = 0; c < COUNTER_SERIES_PER_INSTANCE; c++) {
                    Labels l = Labels.of("__name__", "x", "job", job, "instance", instance, "path", "/api/" + c);
                    double v = r.nextInt(1000);
                    for (int k = 0; k < samples; k++) {
                        v += r.nextInt(100);
                        sink.sample(l, START + k * INTERVAL, v);
                    }
                }
                double[] buckets = new double[LE.length];
                for (int k = 0; k < samples; k++) {
                    double acc = 0;
                    for (int b = 0; b < LE.length; b++) {
                        acc += r.nextInt(20);
                        buckets[b] += acc;
                    }
                    for (int b = 0; b < LE.length; b++) {
                        Labels l = Labels.of("__name__", "h_bucket", "job", job, "instance", instance, "le", LE[b]);
                        sink.sample(l, START + k * INTERVAL, buckets[b]);
                    }
                }
            }
        }
    }

    /** The data in an in-memory storage. */
    public static MemoryStorage load() throws IOException {
        MemoryStorage s = new MemoryStorage();
        generate(s::add);
        return s;
    }

    /** The data in OpenMetrics text format with timestamps, for {@code promtool tsdb create-blocks-from openmetrics}. */
    public static void writeOpenMetrics(Writer w) throws IOException {
        w.write("# TYPE x counter\n# TYPE h histogram\n");
        StringBuilder sb = new StringBuilder(128);
        generate((labels, t, v) -> {
            sb.setLength(0);
            sb.append(labels.metricName()).append('{');
            boolean first = true;
            for (int i = 0; i < labels.size(); i++) {
                if (labels.name(i).equals(Labels.METRIC_NAME)) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(labels.name(i)).append("=\"").append(labels.value(i)).append('"');
            }
            sb.append("} ").append((long) v).append(' ').append(t / 1000).append('\n');
            w.write(sb.toString());
        });
        w.write("# EOF\n");
    }
}
