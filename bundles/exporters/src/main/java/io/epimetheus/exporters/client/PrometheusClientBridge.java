package io.epimetheus.exporters.client;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Exposes what applications in the container register with the Prometheus Java client 1.x: its
 * bundles ({@code io.prometheus:prometheus-metrics-*}) are real OSGi bundles, so every bundle
 * wired to the same {@code prometheus-metrics-model} shares {@link PrometheusRegistry#defaultRegistry};
 * registries an application publishes as OSGi services are read too. Served on {@code
 * /exporters/apps/metrics}. Classic histogram buckets are exposed; native-only histogram data has
 * no text-format form and is skipped.
 */
@Component(service = Collector.class, property = Collector.NAME_PROPERTY + "=apps")
public final class PrometheusClientBridge implements Collector {

    private final List<PrometheusRegistry> registries = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRegistry(PrometheusRegistry registry) {
        registries.add(registry);
    }

    void removeRegistry(PrometheusRegistry registry) {
        registries.remove(registry);
    }

    @Override
    public void collect(MetricSink sink) {
        Set<String> seen = new HashSet<>();
        write(PrometheusRegistry.defaultRegistry, sink, seen);
        for (PrometheusRegistry r : registries) {
            if (r != PrometheusRegistry.defaultRegistry) {
                write(r, sink, seen);
            }
        }
    }

    /** Writes one registry's snapshots; a family name already written by another registry is skipped. */
    static void write(PrometheusRegistry registry, MetricSink sink, Set<String> seen) {
        for (MetricSnapshot snapshot : registry.scrape()) {
            MetricMetadata meta = snapshot.getMetadata();
            String name = meta.getPrometheusName();
            if (!seen.add(name)) {
                continue;
            }
            String unit = meta.hasUnit() && name.endsWith("_" + meta.getUnit()) ? meta.getUnit().toString() : "";
            String help = meta.getHelp() == null ? "" : meta.getHelp();
            if (snapshot instanceof CounterSnapshot) {
                sink.family(name, MetricType.COUNTER, help, unit);
                for (CounterSnapshot.CounterDataPointSnapshot p : ((CounterSnapshot) snapshot).getDataPoints()) {
                    sample(sink, name + "_total", labels(p), p.getValue(), p);
                }
            } else if (snapshot instanceof GaugeSnapshot) {
                sink.family(name, MetricType.GAUGE, help, unit);
                for (GaugeSnapshot.GaugeDataPointSnapshot p : ((GaugeSnapshot) snapshot).getDataPoints()) {
                    sample(sink, name, labels(p), p.getValue(), p);
                }
            } else if (snapshot instanceof HistogramSnapshot) {
                HistogramSnapshot h = (HistogramSnapshot) snapshot;
                boolean gauge = h.isGaugeHistogram();
                sink.family(name, gauge ? MetricType.GAUGE_HISTOGRAM : MetricType.HISTOGRAM, help, unit);
                for (HistogramSnapshot.HistogramDataPointSnapshot p : h.getDataPoints()) {
                    histogram(sink, name, gauge, p);
                }
            } else if (snapshot instanceof SummarySnapshot) {
                sink.family(name, MetricType.SUMMARY, help, unit);
                for (SummarySnapshot.SummaryDataPointSnapshot p : ((SummarySnapshot) snapshot).getDataPoints()) {
                    Labels l = labels(p);
                    for (Quantile q : p.getQuantiles()) {
                        sample(sink, name, with(l, "quantile", FloatFormat.formatG(q.getQuantile())), q.getValue(), p);
                    }
                    if (p.hasCount()) {
                        sample(sink, name + "_count", l, p.getCount(), p);
                    }
                    if (p.hasSum()) {
                        sample(sink, name + "_sum", l, p.getSum(), p);
                    }
                }
            } else if (snapshot instanceof InfoSnapshot) {
                sink.family(name, MetricType.INFO, help, "");
                for (InfoSnapshot.InfoDataPointSnapshot p : ((InfoSnapshot) snapshot).getDataPoints()) {
                    sample(sink, name + "_info", labels(p), 1, p);
                }
            } else if (snapshot instanceof StateSetSnapshot) {
                sink.family(name, MetricType.STATESET, help, "");
                for (StateSetSnapshot.StateSetDataPointSnapshot p : ((StateSetSnapshot) snapshot).getDataPoints()) {
                    Labels l = labels(p);
                    for (int i = 0; i < p.size(); i++) {
                        sample(sink, name, with(l, name, p.getName(i)), p.isTrue(i) ? 1 : 0, p);
                    }
                }
            } else if (snapshot instanceof UnknownSnapshot) {
                sink.family(name, MetricType.UNKNOWN, help, unit);
                for (UnknownSnapshot.UnknownDataPointSnapshot p : ((UnknownSnapshot) snapshot).getDataPoints()) {
                    sample(sink, name, labels(p), p.getValue(), p);
                }
            }
        }
    }

    private static void histogram(MetricSink sink, String name, boolean gauge, HistogramSnapshot.HistogramDataPointSnapshot p) {
        Labels l = labels(p);
        if (p.hasClassicHistogramData()) {
            ClassicHistogramBuckets buckets = p.getClassicBuckets();
            long cumulative = 0;
            for (int i = 0; i < buckets.size(); i++) {
                cumulative += buckets.getCount(i);
                sample(sink, name + "_bucket", with(l, "le", le(buckets.getUpperBound(i))), cumulative, p);
            }
        }
        if (p.hasCount()) {
            sample(sink, name + (gauge ? "_gcount" : "_count"), l, p.getCount(), p);
        }
        if (p.hasSum()) {
            sample(sink, name + (gauge ? "_gsum" : "_sum"), l, p.getSum(), p);
        }
    }

    private static String le(double bound) {
        if (bound == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        return FloatFormat.formatG(bound);
    }

    private static void sample(MetricSink sink, String name, Labels labels, double value, DataPointSnapshot p) {
        if (p.hasScrapeTimestamp()) {
            sink.sample(name, labels, value, p.getScrapeTimestampMillis());
        } else {
            sink.sample(name, labels, value);
        }
    }

    private static Labels labels(DataPointSnapshot p) {
        io.prometheus.metrics.model.snapshots.Labels l = p.getLabels();
        if (l.isEmpty()) {
            return Labels.EMPTY;
        }
        String[] pairs = new String[l.size() * 2];
        for (int i = 0; i < l.size(); i++) {
            pairs[2 * i] = l.getPrometheusName(i);
            pairs[2 * i + 1] = l.getValue(i);
        }
        return Labels.of(pairs);
    }

    private static Labels with(Labels l, String name, String value) {
        return l.toBuilder().set(name, value).build();
    }
}
