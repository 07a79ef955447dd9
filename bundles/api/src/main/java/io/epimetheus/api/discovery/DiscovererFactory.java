package io.epimetheus.api.discovery;

import io.epimetheus.api.config.ConfigException;
import java.util.Map;

/**
 * Creates discoverers for one kind of service discovery. Registered as an OSGi service with the
 * property {@value #TYPE_PROPERTY} set to the type name: a factory with type {@code file} is what
 * makes {@code file_sd_configs} valid in {@code prometheus.yml}.
 *
 * <p>Threading: thread-safe.
 */
public interface DiscovererFactory {

    /** The service property naming the SD type ({@code static}, {@code file}, {@code kubernetes}, ...). */
    String TYPE_PROPERTY = "epimetheus.sd.type";

    /**
     * Validates one entry of {@code <type>_sd_configs} and creates a discoverer for it, without
     * starting it. Calling this and closing the result without starting is how a configuration is
     * checked.
     *
     * @param config the entry as parsed YAML: maps, lists, strings, numbers, booleans
     * @param context the job and file the entry belongs to
     * @throws ConfigException if the entry is invalid; the message names the field and the problem
     */
    Discoverer create(Map<String, Object> config, DiscoveryContext context);
}
