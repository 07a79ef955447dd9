package io.epimetheus.pushgateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics pushed under one grouping key: families with the time they were pushed, the last
 * successful and failed push times ({@code push_time_seconds}, {@code push_failure_time_seconds};
 * 0 for never) and when the group was created (by its first push, successful or not), which the
 * Pushgateway's API gives as the time of a push time that was never set. Immutable: the store
 * replaces a group on change, so a snapshot can be read without locks.
 */
record MetricGroup(LabelPairs labels, Map<String, TimedFamily> families, double pushTimeSeconds, double pushFailureTimeSeconds,
        long createdMillis) {

    /** A family and when it was pushed (milliseconds since the epoch). */
    record TimedFamily(PushedFamily family, long timestampMillis) {
    }

    /** A group without metrics that a push at {@code nowMillis} creates. */
    static MetricGroup empty(LabelPairs labels, long nowMillis) {
        return new MetricGroup(labels, Map.of(), 0, 0, nowMillis);
    }

    /** The group after a successful push at {@code nowMillis}. */
    MetricGroup push(Map<String, PushedFamily> pushed, boolean replace, long nowMillis) {
        Map<String, TimedFamily> next = replace ? new LinkedHashMap<>() : new LinkedHashMap<>(families);
        for (PushedFamily f : pushed.values()) {
            next.put(f.name(), new TimedFamily(f, nowMillis));
        }
        return new MetricGroup(labels, Map.copyOf(next), nowMillis / 1000.0, pushFailureTimeSeconds, createdMillis);
    }

    /** The group after a refused push at {@code nowMillis}. */
    MetricGroup failed(long nowMillis) {
        return new MetricGroup(labels, families, pushTimeSeconds, nowMillis / 1000.0, createdMillis);
    }

    /** When {@code push_time_seconds} was last set: the last success, else the creation of the group. */
    long pushTimeMillis() {
        return pushTimeSeconds > 0 ? Math.round(pushTimeSeconds * 1000) : createdMillis;
    }

    /** When {@code push_failure_time_seconds} was last set: the last failure, else the creation of the group. */
    long pushFailureTimeMillis() {
        return pushFailureTimeSeconds > 0 ? Math.round(pushFailureTimeSeconds * 1000) : createdMillis;
    }

    /** As the Pushgateway's API reports it: the last push did not fail after the last success. */
    boolean lastPushSuccessful() {
        return pushTimeSeconds >= pushFailureTimeSeconds;
    }
}
