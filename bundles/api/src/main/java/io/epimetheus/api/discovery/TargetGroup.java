package io.epimetheus.api.discovery;

import io.epimetheus.api.model.Labels;
import java.util.List;
import java.util.Objects;

/**
 * A set of targets that share labels, identified by a source string unique within its
 * discoverer (e.g. a file name and index, or a Kubernetes object). An update carrying a group
 * with the same source replaces the previous one; a group with no targets removes it.
 *
 * @param source identifies the group within its discoverer
 * @param targets one label set per target, each with at least {@code __address__}
 * @param labels labels common to all targets of the group (target labels win on conflict)
 */
public record TargetGroup(String source, List<Labels> targets, Labels labels) {
    public TargetGroup {
        Objects.requireNonNull(source, "source");
        targets = List.copyOf(targets);
        Objects.requireNonNull(labels, "labels");
    }
}
