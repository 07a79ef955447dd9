package io.epimetheus.tsdb.querier;

import io.epimetheus.api.model.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/** Label name and value listings shared by the head and block queriers. */
public final class LabelQueries {

    private LabelQueries() {
    }

    /** The first {@code limit} elements ({@code 0}: all). */
    public static List<String> limit(List<String> sorted, int limit) {
        if (limit <= 0 || sorted.size() <= limit) {
            return List.copyOf(sorted);
        }
        return List.copyOf(sorted.subList(0, limit));
    }

    /** Sorted distinct values of {@code name} over the series {@code ids}. */
    public static List<String> valuesOf(String name, int limit, int[] ids, IntFunction<Labels> labelsOf) {
        Set<String> seen = new HashSet<>();
        for (int id : ids) {
            Labels l = labelsOf.apply(id);
            if (l != null) {
                String v = l.get(name);
                if (v != null) {
                    seen.add(v);
                }
            }
        }
        return sortedLimited(seen, limit);
    }

    /** Sorted distinct label names over the series {@code ids}. */
    public static List<String> namesOf(int limit, int[] ids, IntFunction<Labels> labelsOf) {
        Set<String> seen = new HashSet<>();
        for (int id : ids) {
            Labels l = labelsOf.apply(id);
            if (l != null) {
                for (int i = 0; i < l.size(); i++) {
                    seen.add(l.name(i));
                }
            }
        }
        return sortedLimited(seen, limit);
    }

    public static List<String> sortedLimited(Set<String> values, int limit) {
        List<String> out = new ArrayList<>(values);
        out.sort(Labels::compareStrings);
        return limit(out, limit);
    }

    /** Merges sorted lists into one sorted distinct list. */
    public static List<String> mergeSorted(List<List<String>> lists, int limit) {
        TreeSet<String> all = new TreeSet<>(Labels::compareStrings);
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return limit(new ArrayList<>(all), limit);
    }
}
