package io.epimetheus.api.rules;

import java.net.URI;
import java.util.List;

/**
 * The Alertmanagers alerts are sent to, as discovered from {@code alerting.alertmanagers} after
 * relabeling ({@code /api/v1/alertmanagers}). Registered by the bundle that sends alerts.
 *
 * <p>Threading: thread-safe; calls return immutable snapshots.
 */
public interface AlertmanagersView {

    /** The push endpoints alerts are sent to ({@code http://host:9093/api/v2/alerts}), sorted. */
    List<URI> activeAlertmanagers();

    /** Discovered Alertmanagers that relabeling dropped, sorted. */
    List<URI> droppedAlertmanagers();
}
