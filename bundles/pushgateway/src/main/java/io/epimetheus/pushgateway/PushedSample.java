package io.epimetheus.pushgateway;

import io.epimetheus.api.model.Labels;
import java.util.List;
import java.util.TreeSet;

/**
 * One pushed sample: its full name ({@code foo_bucket}), labels (grouping labels applied), the
 * labels it has with an empty value, and its value.
 *
 * <p>Like the Pushgateway, a sample keeps the labels pushed with an empty value ({@code a=""}) and
 * gets {@code instance=""} when it has no {@code instance}: Prometheus, scraping with {@code
 * honor_labels: true}, counts an empty label as present and so adds no {@code instance} of the
 * Pushgateway's own. {@link Labels} cannot hold empty values, hence the separate list.
 *
 * @param emptyLabels the names of the labels with an empty value, in {@link Labels#compareStrings}
 *     order; normalised on construction: names {@code labels} has are left out, {@code instance}
 *     is added when {@code labels} lacks it
 */
record PushedSample(String name, Labels labels, List<String> emptyLabels, double value) {

    static final String INSTANCE = "instance";
    private static final List<String> INSTANCE_ONLY = List.of(INSTANCE);

    PushedSample {
        emptyLabels = normalized(labels, emptyLabels);
    }

    /** A sample pushed without empty labels. */
    PushedSample(String name, Labels labels, double value) {
        this(name, labels, List.of(), value);
    }

    private static List<String> normalized(Labels labels, List<String> explicit) {
        if (explicit.isEmpty()) {
            return labels.has(INSTANCE) ? List.of() : INSTANCE_ONLY;
        }
        TreeSet<String> names = new TreeSet<>(Labels::compareStrings);
        for (String n : explicit) {
            if (!labels.has(n)) {
                names.add(n);
            }
        }
        if (!labels.has(INSTANCE)) {
            names.add(INSTANCE);
        }
        return List.copyOf(names);
    }
}
