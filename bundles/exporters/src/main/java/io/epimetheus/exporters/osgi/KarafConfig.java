package io.epimetheus.exporters.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.epimetheus.exporter.karaf}. */
@ObjectClassDefinition(name = "Epimetheus Karaf exporter",
        description = "Bundles, services, DS components, features and configuration changes of the container, "
                + "served on /exporters/karaf/metrics and /metrics.")
public @interface KarafConfig {

    @AttributeDefinition(name = "Feature details",
            description = "Also export karaf_feature_info{name,version} for every installed feature.")
    boolean feature_info() default true;
}
