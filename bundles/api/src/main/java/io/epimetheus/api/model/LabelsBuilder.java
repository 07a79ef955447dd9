package io.epimetheus.api.model;

import java.util.Arrays;

/**
 * A mutable, reusable builder of {@link Labels}. Setting a label to the empty string deletes it,
 * as in Prometheus. {@link #build()} sorts and copies, so one builder can be reset and reused to
 * build many label sets without other garbage than the result.
 *
 * <p>Not thread-safe: confine an instance to one thread.
 */
public final class LabelsBuilder {

    private String[] pairs;
    private int size; // number of used slots (2 per label)

    public LabelsBuilder() {
        pairs = new String[16];
    }

    LabelsBuilder(Labels base) {
        pairs = new String[Math.max(16, base.size() * 2 + 4)];
        reset(base);
    }

    /** Clears the builder. */
    public LabelsBuilder reset() {
        Arrays.fill(pairs, 0, size, null);
        size = 0;
        return this;
    }

    /** Replaces the content with {@code base}. */
    public LabelsBuilder reset(Labels base) {
        reset();
        ensure(base.size() * 2);
        for (int i = 0; i < base.size(); i++) {
            pairs[size++] = base.name(i);
            pairs[size++] = base.value(i);
        }
        return this;
    }

    /** Sets a label; an empty value deletes it. */
    public LabelsBuilder set(String name, String value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("label name and value must not be null (name " + name + ")");
        }
        int i = find(name);
        if (value.isEmpty()) {
            if (i >= 0) {
                removeAt(i);
            }
            return this;
        }
        if (i >= 0) {
            pairs[i + 1] = value;
        } else {
            ensure(2);
            pairs[size++] = name;
            pairs[size++] = value;
        }
        return this;
    }

    /** Removes the named labels. */
    public LabelsBuilder delete(String... names) {
        for (String n : names) {
            int i = find(n);
            if (i >= 0) {
                removeAt(i);
            }
        }
        return this;
    }

    /** The current value of a label, or {@code null}. */
    public String get(String name) {
        int i = find(name);
        return i < 0 ? null : pairs[i + 1];
    }

    /** The number of labels currently set. */
    public int size() {
        return size >> 1;
    }

    /** The sorted, immutable result. The builder stays usable. */
    public Labels build() {
        if (size == 0) {
            return Labels.EMPTY;
        }
        String[] out = Arrays.copyOf(pairs, size);
        sortPairs(out);
        return Labels.ofSortedPairs(out);
    }

    private int find(String name) {
        for (int i = 0; i < size; i += 2) {
            if (pairs[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void removeAt(int i) {
        System.arraycopy(pairs, i + 2, pairs, i, size - i - 2);
        pairs[--size] = null;
        pairs[--size] = null;
    }

    private void ensure(int extra) {
        if (size + extra > pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(pairs.length * 2, size + extra));
        }
    }

    // Insertion sort on pairs: label sets are short and usually nearly sorted.
    private static void sortPairs(String[] p) {
        for (int i = 2; i < p.length; i += 2) {
            String n = p[i];
            String v = p[i + 1];
            int j = i - 2;
            while (j >= 0 && Labels.compareStrings(p[j], n) > 0) {
                p[j + 2] = p[j];
                p[j + 3] = p[j + 1];
                j -= 2;
            }
            p[j + 2] = n;
            p[j + 3] = v;
        }
    }
}
