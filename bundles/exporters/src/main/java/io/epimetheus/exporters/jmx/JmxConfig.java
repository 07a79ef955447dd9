package io.epimetheus.exporters.jmx;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.epimetheus.exporter.jmx}. */
@ObjectClassDefinition(name = "Epimetheus JMX exporter",
        description = "jmx_exporter-style rules over the container's platform MBeanServer, served on /exporters/jmx/metrics.")
public @interface JmxConfig {

    @AttributeDefinition(name = "Rules file",
            description = "A jmx_exporter YAML configuration (rules, includeObjectNames, excludeObjectNames, "
                    + "lowercaseOutputName, lowercaseOutputLabelNames). Relative paths resolve against karaf.etc. "
                    + "Empty: every numeric attribute in jmx_exporter's default format. Reloaded when it changes.")
    String rules_file() default "";
}
