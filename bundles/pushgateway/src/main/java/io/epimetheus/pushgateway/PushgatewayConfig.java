package io.epimetheus.pushgateway;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.epimetheus.pushgateway}; the property names are the Pushgateway's
 * flags without the dashes.
 */
@ObjectClassDefinition(name = "Epimetheus Pushgateway",
        description = "The Prometheus Pushgateway API under /pushgateway on the Epimetheus HTTP listener.")
public @interface PushgatewayConfig {

    @AttributeDefinition(name = "Persistence file",
            description = "File to persist metrics. If empty, metrics are only kept in memory. Relative paths resolve "
                    + "against karaf.data.")
    String persistence_file() default "";

    @AttributeDefinition(name = "Persistence interval",
            description = "The minimum interval at which to write out the persistence file (a Prometheus duration).")
    String persistence_interval() default "5m";

    @AttributeDefinition(name = "Admin API", description = "Enable API endpoints for admin control actions (PUT /api/v1/admin/wipe).")
    boolean web_enable$_$admin$_$api() default false;

    @AttributeDefinition(name = "Disable consistency check", description = "Do not check consistency of pushed metrics. DANGEROUS.")
    boolean push_disable$_$consistency$_$check() default false;
}
