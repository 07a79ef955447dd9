package io.epimetheus.exporters.osgi;

import io.epimetheus.api.exporter.Collector;
import io.epimetheus.api.exporter.MetricSink;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.util.concurrent.atomic.AtomicLongArray;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The container's own state as metrics: bundles by state, registered services, Declarative
 * Services components by state (from the {@link ServiceComponentRuntime}), and the configuration
 * changes Config Admin announced since this component started. Served on {@code
 * /exporters/karaf/metrics} and {@code /metrics}; {@link KarafFeaturesCollector} adds the features.
 */
@Component(
        service = {Collector.class, ConfigurationListener.class},
        configurationPid = OsgiCollector.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {Collector.NAME_PROPERTY + "=karaf", Collector.SELF_PROPERTY + "=true"})
@Designate(ocd = KarafConfig.class)
public final class OsgiCollector implements Collector, ConfigurationListener {

    static final String PID = "io.epimetheus.exporter.karaf";

    /** Bundle states in the order of their bits (Bundle.UNINSTALLED = 1 ... Bundle.ACTIVE = 32). */
    private static final String[] BUNDLE_STATES = {"uninstalled", "installed", "resolved", "starting", "stopping", "active"};
    /** DS configuration states by their constant value. */
    private static final int[] DS_STATES = {
        ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION, ComponentConfigurationDTO.UNSATISFIED_REFERENCE,
        ComponentConfigurationDTO.SATISFIED, ComponentConfigurationDTO.ACTIVE, ComponentConfigurationDTO.FAILED_ACTIVATION,
    };
    private static final String[] DS_STATE_NAMES = {
        "unsatisfied_configuration", "unsatisfied_reference", "satisfied", "active", "failed_activation",
    };
    private static final String[] CONFIG_EVENTS = {"updated", "deleted", "location_changed"};

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Labels[] bundleStateLabels = labels("state", BUNDLE_STATES);
    private final Labels[] dsStateLabels;
    private final Labels[] configEventLabels = labels("type", CONFIG_EVENTS);
    private final AtomicLongArray configEvents = new AtomicLongArray(CONFIG_EVENTS.length);

    @Activate
    public OsgiCollector(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
        String[] names = new String[DS_STATE_NAMES.length + 1];
        System.arraycopy(DS_STATE_NAMES, 0, names, 0, DS_STATE_NAMES.length);
        names[DS_STATE_NAMES.length] = "disabled";
        this.dsStateLabels = labels("state", names);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        int type = event.getType();
        if (type >= ConfigurationEvent.CM_UPDATED && type <= ConfigurationEvent.CM_LOCATION_CHANGED) {
            configEvents.incrementAndGet(type - ConfigurationEvent.CM_UPDATED);
        }
    }

    @Override
    public void collect(MetricSink sink) {
        int[] bundles = new int[BUNDLE_STATES.length];
        for (Bundle b : context.getBundles()) {
            int bit = Integer.numberOfTrailingZeros(b.getState());
            if (bit < bundles.length) {
                bundles[bit]++;
            }
        }
        sink.family("osgi_bundles", MetricType.GAUGE, "Installed OSGi bundles by state.", "");
        for (int i = 0; i < bundles.length; i++) {
            sink.sample("osgi_bundles", bundleStateLabels[i], bundles[i]);
        }

        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(null, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        sink.family("osgi_services", MetricType.GAUGE, "Registered OSGi services.", "");
        sink.sample("osgi_services", Labels.EMPTY, refs == null ? 0 : refs.length);

        int[] components = new int[dsStateLabels.length];
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!scr.isComponentEnabled(d)) {
                components[components.length - 1]++;
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                for (int i = 0; i < DS_STATES.length; i++) {
                    if (DS_STATES[i] == c.state) {
                        components[i]++;
                        break;
                    }
                }
            }
        }
        sink.family("osgi_ds_components", MetricType.GAUGE,
                "Declarative Services component configurations by state; disabled counts component descriptions.", "");
        for (int i = 0; i < components.length; i++) {
            sink.sample("osgi_ds_components", dsStateLabels[i], components[i]);
        }

        sink.family("osgi_config_changes", MetricType.COUNTER,
                "Configuration Admin events (updated, deleted, location_changed) since the exporter started.", "");
        for (int i = 0; i < CONFIG_EVENTS.length; i++) {
            sink.sample("osgi_config_changes_total", configEventLabels[i], configEvents.get(i));
        }
    }

    private static Labels[] labels(String name, String[] values) {
        Labels[] out = new Labels[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Labels.of(name, values[i]);
        }
        return out;
    }
}
