package io.epimetheus.pushgateway;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MetricType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Pushgateway's state: metric groups by grouping key. A push is checked against the state it
 * would produce (no timestamps, one type per metric family across all groups, no series pushed
 * twice) and either applied whole or refused whole, recording the failure time. Changes are
 * serialized; readers get an immutable snapshot.
 */
final class MetricStore {

    static final String PUSH_TIME = "push_time_seconds";
    static final String PUSH_FAILURE_TIME = "push_failure_time_seconds";
    static final String PUSH_TIME_HELP = "Last Unix time when changing this group in the Pushgateway succeeded.";
    static final String PUSH_FAILURE_TIME_HELP = "Last Unix time when changing this group in the Pushgateway failed.";

    private volatile Map<Labels, MetricGroup> groups = Map.of();
    private long changes;

    /**
     * Applies a push to the group {@code key}: {@code replace} (PUT) drops the group's other
     * families, otherwise (POST) only same-named families are replaced.
     *
     * @throws PushException (400) when the push is refused; the state is unchanged except for the
     *     group's {@code push_failure_time_seconds}
     */
    synchronized void push(Labels key, Map<String, PushedFamily> families, boolean timestamps, boolean replace,
            boolean check, long nowMillis) throws PushException {
        MetricGroup current = groups.getOrDefault(key, MetricGroup.empty(key));
        Map<String, PushedFamily> pushed = new HashMap<>(families);
        // The Pushgateway owns these two names in every group.
        pushed.remove(PUSH_TIME);
        pushed.remove(PUSH_FAILURE_TIME);
        String problem = timestamps ? "pushed metrics must not have timestamps" : null;
        Map<Labels, MetricGroup> next = new HashMap<>(groups);
        next.put(key, current.push(new java.util.LinkedHashMap<>(pushed), replace, nowMillis));
        if (problem == null && check) {
            problem = inconsistency(next);
        }
        if (problem != null) {
            Map<Labels, MetricGroup> failed = new HashMap<>(groups);
            failed.put(key, current.failed(nowMillis));
            groups = Map.copyOf(failed);
            changes++;
            throw new PushException(400, "pushed metrics are invalid or inconsistent with existing metrics: " + problem);
        }
        groups = Map.copyOf(next);
        changes++;
    }

    /** Deletes the group {@code key} (nothing happens when there is none). */
    synchronized void delete(Labels key) {
        if (groups.containsKey(key)) {
            Map<Labels, MetricGroup> next = new HashMap<>(groups);
            next.remove(key);
            groups = Map.copyOf(next);
            changes++;
        }
    }

    /** Deletes every group. */
    synchronized void wipe() {
        if (!groups.isEmpty()) {
            groups = Map.of();
            changes++;
        }
    }

    /** Replaces the whole state (restoring a persisted one). */
    synchronized void restore(List<MetricGroup> restored) {
        Map<Labels, MetricGroup> next = new HashMap<>();
        for (MetricGroup g : restored) {
            next.put(g.labels(), g);
        }
        groups = Map.copyOf(next);
    }

    /** A counter of changes, for persisting only when something changed. */
    synchronized long changes() {
        return changes;
    }

    /** The groups, sorted by grouping key. */
    List<MetricGroup> snapshot() {
        return new ArrayList<>(new TreeMap<>(groups).values());
    }

    /**
     * What the Prometheus client's gatherer would reject in this state: a family name with two
     * types, or the same series in two groups. {@code null} when consistent.
     */
    static String inconsistency(Map<Labels, MetricGroup> state) {
        Map<String, MetricType> types = new HashMap<>();
        Map<String, Set<String>> series = new HashMap<>();
        for (MetricGroup g : new TreeMap<>(state).values()) {
            for (MetricGroup.TimedFamily tf : g.families().values()) {
                PushedFamily f = tf.family();
                MetricType existing = types.putIfAbsent(f.name(), f.type());
                if (existing != null && existing != f.type()) {
                    return "gathered metric family " + f.name() + " has type " + f.dtoType() + " but should have "
                            + new PushedFamily(f.name(), existing, "", List.of()).dtoType();
                }
                Set<String> seen = series.computeIfAbsent(f.name(), k -> new HashSet<>());
                for (PushedSample s : f.samples()) {
                    if (!seen.add(s.name() + s.labels() + s.emptyLabels())) {
                        return "collected metric \"" + s.name() + "\" " + s.labels()
                                + " was collected before with the same name and label values";
                    }
                }
            }
        }
        return null;
    }
}
