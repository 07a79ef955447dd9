package io.epimetheus.scrape.discovery;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.util.Map;
import java.util.TreeMap;

/** File SD's self-metrics, with Prometheus's names. Thread-safe. */
final class FileSdMetrics implements Collector {

    private final Map<String, Long> mtimes = new TreeMap<>();
    private long readErrors;
    private long scans;
    private double scanSeconds;
    private final FileWatchHub hub;

    FileSdMetrics(FileWatchHub hub) {
        this.hub = hub;
    }

    synchronized void readError() {
        readErrors++;
    }

    synchronized void scanned(double seconds) {
        scans++;
        scanSeconds += seconds;
    }

    synchronized void modified(String file, long epochSeconds) {
        mtimes.put(file, epochSeconds);
    }

    synchronized void forget(String file) {
        mtimes.remove(file);
    }

    @Override
    public synchronized void collect(MetricSink sink) {
        sink.family("prometheus_sd_file_read_errors", MetricType.COUNTER, "The number of File-SD read errors.", "");
        sink.sample("prometheus_sd_file_read_errors_total", Labels.EMPTY, readErrors);
        sink.family("prometheus_sd_file_scan_duration_seconds", MetricType.SUMMARY,
                "The duration of the File-SD scan in seconds.", "");
        sink.sample("prometheus_sd_file_scan_duration_seconds_sum", Labels.EMPTY, scanSeconds);
        sink.sample("prometheus_sd_file_scan_duration_seconds_count", Labels.EMPTY, scans);
        sink.family("prometheus_sd_file_watcher_errors", MetricType.COUNTER,
                "The number of File-SD errors caused by filesystem watch failures.", "");
        sink.sample("prometheus_sd_file_watcher_errors_total", Labels.EMPTY, hub.watcherErrors());
        sink.family("prometheus_sd_file_mtime_seconds", MetricType.GAUGE,
                "Timestamp (mtime) of files read by FileSD. Timestamp is set at read time.", "");
        mtimes.forEach((file, t) -> sink.sample("prometheus_sd_file_mtime_seconds", Labels.of("filename", file), t));
    }
}
