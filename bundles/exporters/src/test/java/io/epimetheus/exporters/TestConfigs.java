package io.epimetheus.exporters;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds a DS configuration annotation instance as SCR would: each method returns the value of
 * its mapped property name ({@code a_b} is {@code a.b}, {@code $_$} is {@code -}) from the map,
 * else the annotation default.
 */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static <T> T of(Class<T> type, Map<String, Object> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getDeclaringClass() == Object.class || m.getName().equals("annotationType")) {
                if (m.getName().equals("annotationType")) {
                    return type;
                }
                return m.getName().equals("toString") ? type.getSimpleName() + properties : m.invoke(properties, args);
            }
            String key = propertyName(m);
            return properties.containsKey(key) ? properties.get(key) : m.getDefaultValue();
        });
        return type.cast(proxy);
    }

    static String propertyName(Method m) {
        return m.getName().replace("$_$", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }
}
