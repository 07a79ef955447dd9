package io.epimetheus.api.alert;

import io.epimetheus.api.model.Labels;
import java.util.List;

/**
 * Delivers one notification for a group of alerts to one receiver integration (an email, a
 * webhook call, a Slack message...). Created by a {@link NotifierFactory}. Thread-safe.
 */
public interface Notifier {

    /**
     * Sends a notification.
     *
     * @param receiver the receiver name
     * @param groupLabels the labels the group is keyed by
     * @param alerts the alerts of the group, firing and resolved
     * @return {@code true} if delivered; {@code false} if it failed in a way worth retrying
     * @throws IllegalStateException if it failed permanently (e.g. the endpoint rejected it as invalid)
     */
    boolean notify(String receiver, Labels groupLabels, List<Alert> alerts);
}
