package io.epimetheus.exporters.osgi;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Karaf features as metrics, on the same {@code karaf} exporter as {@link OsgiCollector}. A
 * separate component with a mandatory reference: without Karaf's {@link FeaturesService} (the
 * import is optional) it simply stays unsatisfied and its class is never loaded.
 */
@Component(
        service = Collector.class,
        configurationPid = OsgiCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {Collector.NAME_PROPERTY + "=karaf", Collector.SELF_PROPERTY + "=true"})
public final class KarafFeaturesCollector implements Collector {

    private final FeaturesService features;
    private final boolean details;

    @Activate
    public KarafFeaturesCollector(@Reference FeaturesService features, KarafConfig config) {
        this.features = features;
        this.details = config.feature_info();
    }

    @Override
    public void collect(MetricSink sink) {
        Feature[] installed;
        Feature[] available;
        try {
            installed = features.listInstalledFeatures();
            available = features.listFeatures();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list Karaf features: " + e.getMessage(), e);
        }
        sink.family("karaf_features_installed", MetricType.GAUGE, "Installed Karaf features.", "");
        sink.sample("karaf_features_installed", Labels.EMPTY, installed.length);
        sink.family("karaf_features_available", MetricType.GAUGE, "Karaf features in the registered repositories.", "");
        sink.sample("karaf_features_available", Labels.EMPTY, available.length);
        if (details) {
            sink.family("karaf_feature_info", MetricType.GAUGE, "An installed Karaf feature, labeled by name and version.", "");
            java.util.Set<Labels> seen = new java.util.HashSet<>();
            for (Feature f : installed) {
                Labels l = Labels.of("name", f.getName(), "version", f.getVersion());
                if (seen.add(l)) {
                    sink.sample("karaf_feature_info", l, 1);
                }
            }
        }
    }
}
