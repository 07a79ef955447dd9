package io.epimetheus.api.config;

import java.util.List;

/**
 * The {@code alerting} section.
 *
 * @param alertRelabelConfigs relabeling applied to every alert before sending
 * @param alertmanagers the Alertmanager sets alerts are sent to
 */
public record AlertingConfig(List<RelabelConfig> alertRelabelConfigs, List<AlertmanagerConfig> alertmanagers) {

    /** No alerting configured. */
    public static final AlertingConfig NONE = new AlertingConfig(List.of(), List.of());

    public AlertingConfig {
        alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
        alertmanagers = List.copyOf(alertmanagers);
    }
}
