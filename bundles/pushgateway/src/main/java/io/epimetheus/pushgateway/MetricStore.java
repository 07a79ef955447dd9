package io.epimetheus.pushgateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private volatile Map<LabelPairs, MetricGroup> groups = Map.of();
    private long changes;

    /**
     * Applies a push to the group {@code key}: {@code replace} (PUT) drops the group's other
     * families, otherwise (POST) only same-named families are replaced.
     *
     * <p>A push with timestamps is refused, and with {@code check} so is one that leaves the state
     * inconsistent ({@link ConsistencyCheck}): the state is then unchanged except for the group's
     * {@code push_failure_time_seconds}. As in the Pushgateway, only a checked push learns of
     * that; without the check the refusal is silent.
     *
     * @throws PushException (400) when a checked push is refused, with the Pushgateway's message
     */
    synchronized void push(LabelPairs key, Map<String, PushedFamily> families, boolean timestamps, boolean replace,
            boolean check, long nowMillis) throws PushException {
        MetricGroup current = groups.getOrDefault(key, MetricGroup.empty(key, nowMillis));
        Map<String, PushedFamily> pushed = new HashMap<>(families);
        // The Pushgateway owns these two names in every group.
        pushed.remove(PUSH_TIME);
        pushed.remove(PUSH_FAILURE_TIME);
        String problem = timestamps ? "pushed metrics must not have timestamps" : null;
        Map<LabelPairs, MetricGroup> next = new HashMap<>(groups);
        next.put(key, current.push(pushed, replace, nowMillis));
        if (problem == null && check) {
            List<String> problems = ConsistencyCheck.problems(new ArrayList<>(new TreeMap<>(next).values()));
            problem = problems.isEmpty() ? null : ConsistencyCheck.message(problems);
        }
        if (problem != null) {
            Map<LabelPairs, MetricGroup> failed = new HashMap<>(groups);
            failed.put(key, current.failed(nowMillis));
            groups = Map.copyOf(failed);
            changes++;
            if (!check) {
                return;
            }
            throw new PushException(400, "pushed metrics are invalid or inconsistent with existing metrics: " + problem);
        }
        groups = Map.copyOf(next);
        changes++;
    }

    /** Deletes the group {@code key} (nothing happens when there is none). */
    synchronized void delete(LabelPairs key) {
        if (groups.containsKey(key)) {
            Map<LabelPairs, MetricGroup> next = new HashMap<>(groups);
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
        Map<LabelPairs, MetricGroup> next = new HashMap<>();
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
}
