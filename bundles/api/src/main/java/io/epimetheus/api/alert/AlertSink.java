package io.epimetheus.api.alert;

import java.util.List;

/**
 * Accepts alerts for routing and notification: registered by an Alertmanager implementation,
 * used by rule evaluation. Thread-safe; must not block the caller for long (queue and return).
 */
public interface AlertSink {

    /**
     * Accepts a batch of alerts (firing and resolved).
     *
     * @throws IllegalArgumentException if an alert is invalid (e.g. no labels)
     */
    void send(List<Alert> alerts);
}
