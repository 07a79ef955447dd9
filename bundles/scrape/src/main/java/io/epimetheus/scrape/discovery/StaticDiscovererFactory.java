package io.epimetheus.scrape.discovery;

import io.epimetheus.api.discovery.Discoverer;
import io.epimetheus.api.discovery.DiscovererFactory;
import io.epimetheus.api.discovery.DiscoveryContext;
import io.epimetheus.api.discovery.TargetGroup;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;

/**
 * {@code static_configs}: each entry is one target group, identified within its job by the
 * entry's position, as in Prometheus.
 */
@Component(service = DiscovererFactory.class, property = DiscovererFactory.TYPE_PROPERTY + "=static")
public final class StaticDiscovererFactory implements DiscovererFactory {

    @Override
    public Discoverer create(Map<String, Object> config, DiscoveryContext context) {
        TargetGroup group = TargetGroups.parse(config, Integer.toString(context.index()), null);
        return new Discoverer() {
            @Override
            public void start(Consumer<List<TargetGroup>> updates) {
                updates.accept(List.of(group));
            }

            @Override
            public void close() {
                // Nothing runs: the group was sent on start.
            }
        };
    }
}
