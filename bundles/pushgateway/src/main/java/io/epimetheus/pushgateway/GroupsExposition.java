package io.epimetheus.pushgateway;

import io.epimetheus.api.model.MetricType;
import io.epimetheus.expfmt.ExpositionWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes every group's metrics as one exposition, as the Pushgateway's {@code /metrics} does:
 * families merged across groups by name (sorted, help of the first group), each sample carrying
 * its grouping labels and its empty labels ({@code instance=""} where it has no instance), plus
 * {@code push_time_seconds} and {@code push_failure_time_seconds} per group.
 */
final class GroupsExposition {

    private GroupsExposition() {
    }

    private static final class Merged {
        final PushedFamily first;
        final List<PushedSample> samples = new ArrayList<>();

        Merged(PushedFamily first) {
            this.first = first;
        }
    }

    static void write(List<MetricGroup> groups, ExpositionWriter sink) {
        Map<String, Merged> merged = new TreeMap<>();
        for (MetricGroup g : groups) {
            for (MetricGroup.TimedFamily tf : g.families().values()) {
                merged.computeIfAbsent(tf.family().name(), k -> new Merged(tf.family())).samples.addAll(tf.family().samples());
            }
        }
        if (!groups.isEmpty()) {
            Merged failure = new Merged(new PushedFamily(MetricStore.PUSH_FAILURE_TIME, MetricType.GAUGE,
                    MetricStore.PUSH_FAILURE_TIME_HELP, List.of()));
            Merged success = new Merged(new PushedFamily(MetricStore.PUSH_TIME, MetricType.GAUGE,
                    MetricStore.PUSH_TIME_HELP, List.of()));
            for (MetricGroup g : groups) {
                failure.samples.add(new PushedSample(MetricStore.PUSH_FAILURE_TIME, g.labels(), g.pushFailureTimeSeconds()));
                success.samples.add(new PushedSample(MetricStore.PUSH_TIME, g.labels(), g.pushTimeSeconds()));
            }
            merged.put(MetricStore.PUSH_FAILURE_TIME, failure);
            merged.put(MetricStore.PUSH_TIME, success);
        }
        for (Merged m : merged.values()) {
            sink.family(m.first.sinkName(), m.first.type(), m.first.help(), "");
            for (PushedSample s : m.samples) {
                sink.sample(s.name(), s.labels(), s.emptyLabels(), s.value());
            }
        }
    }
}
