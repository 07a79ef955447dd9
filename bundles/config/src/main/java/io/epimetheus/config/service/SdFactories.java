package io.epimetheus.config.service;

import io.epimetheus.api.discovery.DiscovererFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Constants;

/**
 * The installed SD plugins by type; when several serve one type, the highest service ranking
 * (then the oldest service) wins, as a greedy OSGi reference would pick. Thread-safe.
 */
final class SdFactories {

    private record Registered(DiscovererFactory factory, int ranking, long id) {
    }

    private final Map<String, List<Registered>> byType = new HashMap<>();

    synchronized void add(DiscovererFactory f, Map<String, Object> props) {
        String type = type(props);
        if (type != null) {
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(new Registered(f, ranking(props), id(props)));
        }
    }

    synchronized void remove(DiscovererFactory f, Map<String, Object> props) {
        String type = type(props);
        List<Registered> list = type == null ? null : byType.get(type);
        if (list != null) {
            list.removeIf(r -> r.factory() == f);
            if (list.isEmpty()) {
                byType.remove(type);
            }
        }
    }

    synchronized DiscovererFactory factory(String type) {
        List<Registered> list = byType.get(type);
        if (list == null) {
            return null;
        }
        Registered best = null;
        for (Registered r : list) {
            if (best == null || r.ranking() > best.ranking() || (r.ranking() == best.ranking() && r.id() < best.id())) {
                best = r;
            }
        }
        return best.factory();
    }

    private static String type(Map<String, Object> props) {
        Object t = props.get(DiscovererFactory.TYPE_PROPERTY);
        return t == null ? null : t.toString();
    }

    private static int ranking(Map<String, Object> props) {
        return props.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static long id(Map<String, Object> props) {
        return props.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
    }
}
