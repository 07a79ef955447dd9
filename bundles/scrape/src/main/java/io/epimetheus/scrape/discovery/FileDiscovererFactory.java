package io.epimetheus.scrape.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.epimetheus.api.discovery.Discoverer;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.discovery.DiscoveryContext;
import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code file_sd_configs}: targets from JSON and YAML files, re-read on change and every
 * {@code refresh_interval}. Also exposes the file SD self-metrics. Threads start with the first
 * running discoverer and stop on deactivation.
 */
@Component(service = {DiscovererFactory.class, Collector.class},
        property = DiscovererFactory.TYPE_PROPERTY + "=file")
public final class FileDiscovererFactory implements DiscovererFactory, Collector {

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final FileWatchHub hub = new FileWatchHub();
    private final FileSdMetrics metrics = new FileSdMetrics(hub);

    @Override
    public Discoverer create(Map<String, Object> config, DiscoveryContext context) {
        return new FileDiscoverer(FileSdConfig.parse(config, context.configDir()), hub, json, yaml, metrics);
    }

    @Override
    public void collect(MetricSink sink) {
        metrics.collect(sink);
    }

    @Deactivate
    void deactivate() {
        hub.close();
    }
}
