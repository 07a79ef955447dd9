package io.epimetheus.scrape.loop;

import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The scrape self-metrics, with Prometheus's names and help texts. Thread-safe. */
public final class ScrapeMetrics {

    final LongAdder exceededSampleLimit = new LongAdder();
    final LongAdder exceededBodySizeLimit = new LongAdder();
    final LongAdder exceededLabelLimits = new LongAdder();
    final LongAdder duplicateTimestamp = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final LongAdder outOfBounds = new LongAdder();
    final LongAdder exemplarOutOfOrder = new LongAdder();
    /** Counted by the scrape pools. */
    public final LongAdder exceededTargetLimit = new LongAdder();
    public final LongAdder poolsCreated = new LongAdder();
    public final LongAdder poolsFailed = new LongAdder();
    public final LongAdder poolReloads = new LongAdder();
    public final LongAdder poolReloadsFailed = new LongAdder();

    /** Per interval (as Prometheus prints it): count and sum of the actual intervals between scrapes. */
    private final Map<String, double[]> intervals = new ConcurrentHashMap<>();

    void intervalLength(String interval, double seconds) {
        double[] cs = intervals.computeIfAbsent(interval, i -> new double[2]);
        synchronized (cs) {
            cs[0]++;
            cs[1] += seconds;
        }
    }

    /** Writes the metrics. */
    public void collect(MetricSink sink) {
        counter(sink, "prometheus_target_scrapes_exceeded_sample_limit",
                "Total number of scrapes that hit the sample limit and were rejected.", exceededSampleLimit);
        counter(sink, "prometheus_target_scrapes_exceeded_body_size_limit",
                "Total number of scrapes that hit the body size limit", exceededBodySizeLimit);
        counter(sink, "prometheus_target_scrape_pool_exceeded_label_limits",
                "Total number of times scrape pools hit the label limits, during sync or config reload.", exceededLabelLimits);
        counter(sink, "prometheus_target_scrapes_sample_duplicate_timestamp",
                "Total number of samples rejected due to duplicate timestamps but different values.", duplicateTimestamp);
        counter(sink, "prometheus_target_scrapes_sample_out_of_order",
                "Total number of samples rejected due to not being out of the expected order.", outOfOrder);
        counter(sink, "prometheus_target_scrapes_sample_out_of_bounds",
                "Total number of samples rejected due to timestamp falling outside of the time bounds.", outOfBounds);
        counter(sink, "prometheus_target_scrapes_exemplar_out_of_order",
                "Total number of exemplar rejected due to not being out of the expected order.", exemplarOutOfOrder);
        counter(sink, "prometheus_target_scrape_pool_exceeded_target_limit",
                "Total number of times scrape pools hit the target limit, during sync or config reload.", exceededTargetLimit);
        counter(sink, "prometheus_target_scrape_pools", "Total number of scrape pool creation attempts.", poolsCreated);
        counter(sink, "prometheus_target_scrape_pools_failed", "Total number of scrape pool creations that failed.",
                poolsFailed);
        counter(sink, "prometheus_target_scrape_pool_reloads", "Total number of scrape pool reloads.", poolReloads);
        counter(sink, "prometheus_target_scrape_pool_reloads_failed", "Total number of failed scrape pool reloads.",
                poolReloadsFailed);
        sink.family("prometheus_target_interval_length_seconds", MetricType.SUMMARY,
                "Actual intervals between scrapes.", "");
        for (Map.Entry<String, double[]> e : new TreeMap<>(intervals).entrySet()) {
            double[] cs = e.getValue();
            double count;
            double sum;
            synchronized (cs) {
                count = cs[0];
                sum = cs[1];
            }
            Labels l = Labels.of("interval", e.getKey());
            sink.sample("prometheus_target_interval_length_seconds_sum", l, sum);
            sink.sample("prometheus_target_interval_length_seconds_count", l, count);
        }
    }

    private static void counter(MetricSink sink, String name, String help, LongAdder value) {
        sink.family(name, MetricType.COUNTER, help, "");
        sink.sample(name + "_total", Labels.EMPTY, value.sum());
    }
}
