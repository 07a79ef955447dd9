package io.epimetheus.relabel;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;

/**
 * The label set being relabeled: reads go to the original {@link Labels} until the first change,
 * after which the scratch builder holds the current labels. {@link #snapshot()} gives an immutable
 * view for rules that iterate over all labels.
 */
final class LabelSetState {

    private final Labels original;
    private final LabelsBuilder builder;
    private boolean changed;
    private Labels snapshot;

    LabelSetState(Labels original, LabelsBuilder builder) {
        this.original = original;
        this.builder = builder;
        this.snapshot = original;
    }

    /** The current value of a label, or "" when absent. */
    String get(String name) {
        String v = changed ? builder.get(name) : original.get(name);
        return v == null ? "" : v;
    }

    /** Sets a label; an empty value deletes it. */
    void set(String name, String value) {
        if (get(name).equals(value)) {
            return;
        }
        edit().set(name, value);
    }

    void delete(String name) {
        if (!get(name).isEmpty()) {
            edit().delete(name);
        }
    }

    /** The current labels as an immutable set, for iteration. */
    Labels snapshot() {
        if (snapshot == null) {
            snapshot = builder.build();
        }
        return snapshot;
    }

    /** The final labels. */
    Labels result() {
        return changed ? snapshot() : original;
    }

    private LabelsBuilder edit() {
        if (!changed) {
            builder.reset(original);
            changed = true;
        }
        snapshot = null;
        return builder;
    }
}
