package io.epimetheus.pushgateway;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Label pairs as the Pushgateway keeps them (the label pairs of a Go {@code dto.Metric}): sorted
 * by name, and a label with an empty value is present, not absent. A group pushed under
 * {@code job/j/a@base64/=} differs from {@code job/j} and its metrics carry {@code a=""}; every
 * pushed metric without an {@code instance} gets {@code instance=""}. {@link Labels}, which drops
 * empty values as Prometheus does, converts both ways. Immutable.
 */
final class LabelPairs implements Comparable<LabelPairs> {

    static final LabelPairs EMPTY = new LabelPairs(new String[0]);

    // name0, value0, name1, value1, ... sorted by Labels.compareStrings, names unique.
    private final String[] pairs;

    private LabelPairs(String[] pairs) {
        this.pairs = pairs;
    }

    /** The pairs of {@code labels} and of the names {@code emptyNames} with an empty value. */
    static LabelPairs of(Labels labels, Collection<String> emptyNames) {
        TreeMap<String, String> all = new TreeMap<>(Labels::compareStrings);
        labels.forEach(all::put);
        for (String name : emptyNames) {
            all.putIfAbsent(name, "");
        }
        return of(all);
    }

    /** The pairs of {@code map}, empty values included. */
    static LabelPairs of(Map<String, String> map) {
        TreeMap<String, String> sorted = new TreeMap<>(Labels::compareStrings);
        sorted.putAll(map);
        String[] pairs = new String[sorted.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return new LabelPairs(pairs);
    }

    /**
     * These pairs with those of {@code overrides} replacing or added to them, and {@code instance=""}
     * added when there is no {@code instance} (the Pushgateway's treatment of every pushed metric).
     */
    LabelPairs withGroupingLabels(LabelPairs overrides) {
        TreeMap<String, String> all = toMap();
        all.putAll(overrides.toMap());
        all.putIfAbsent("instance", "");
        return of(all);
    }

    /** How many pairs, empty ones included. */
    int size() {
        return pairs.length / 2;
    }

    String name(int i) {
        return pairs[2 * i];
    }

    /** The value of pair {@code i} ({@code ""} for an empty one). */
    String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of {@code name}, {@code ""} for an empty one, {@code null} when there is no such pair. */
    String get(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    /** The pairs with a non-empty value. */
    Labels labels() {
        LabelsBuilder b = new LabelsBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return b.build();
    }

    /** The names of the pairs with an empty value, in name order. */
    List<String> emptyNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1].isEmpty()) {
                out.add(pairs[i]);
            }
        }
        return out;
    }

    /** The pairs as a map in name order. */
    TreeMap<String, String> toMap() {
        TreeMap<String, String> m = new TreeMap<>(Labels::compareStrings);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /**
     * The order the Go client library sorts the metrics of a family in before writing them, so the
     * order of the Pushgateway's {@code /metrics}: fewer pairs first, then the values compared
     * position by position (whatever their names), by code point. Pairs with equal values in
     * every position compare equal.
     */
    static int compareForExposition(LabelPairs a, LabelPairs b) {
        if (a.pairs.length != b.pairs.length) {
            return Integer.compare(a.pairs.length, b.pairs.length);
        }
        for (int i = 1; i < a.pairs.length; i += 2) {
            int c = Labels.compareStrings(a.pairs[i], b.pairs[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Prometheus label-set order over all pairs: name then value, pair by pair, a prefix first. */
    @Override
    public int compareTo(LabelPairs o) {
        int n = Math.min(pairs.length, o.pairs.length);
        for (int i = 0; i < n; i++) {
            int c = Labels.compareStrings(pairs[i], o.pairs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pairs.length, o.pairs.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelPairs p && Arrays.equals(pairs, p.pairs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pairs);
    }

    /** As Prometheus prints a label set, empty values included: {@code {a="", job="j"}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append('=');
            Labels.appendQuoted(sb, pairs[i + 1]);
        }
        return sb.append('}').toString();
    }
}
