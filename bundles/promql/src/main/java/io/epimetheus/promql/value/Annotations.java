package io.epimetheus.promql.value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The warnings and infos of one evaluation. Not thread-safe. */
public final class Annotations {

    private final Map<String, Annotation> byKey = new LinkedHashMap<>();

    public void add(Annotation a) {
        Annotation previous = byKey.get(a.key());
        byKey.put(a.key(), previous == null ? a : a.merge(previous));
    }

    public void addAll(Annotations other) {
        for (Annotation a : other.byKey.values()) {
            add(a);
        }
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    /** The rendered warnings. */
    public List<String> warnings(String query) {
        return render(query, false);
    }

    /** The rendered infos. */
    public List<String> infos(String query) {
        return render(query, true);
    }

    private List<String> render(String query, boolean infos) {
        List<String> out = new ArrayList<>();
        for (Annotation a : byKey.values()) {
            if (a.isInfo() == infos) {
                out.add(a.render(query));
            }
        }
        return out;
    }
}
