package io.epimetheus.api.alert;

import io.epimetheus.api.config.ConfigException;
import java.util.Map;

/**
 * Creates {@link Notifier}s for one integration type, registered with the service property
 * {@value #TYPE_PROPERTY}: a factory of type {@code webhook} is what makes {@code webhook_configs}
 * valid in a receiver of {@code alertmanager.yml}. Thread-safe.
 */
public interface NotifierFactory {

    /** The service property naming the integration ({@code webhook}, {@code email}, ...). */
    String TYPE_PROPERTY = "epimetheus.notifier.type";

    /**
     * Validates one entry of {@code <type>_configs} and creates a notifier for it.
     *
     * @param config the entry as parsed YAML
     * @throws ConfigException if the entry is invalid
     */
    Notifier create(Map<String, Object> config);
}
