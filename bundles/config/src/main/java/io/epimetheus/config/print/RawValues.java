package io.epimetheus.config.print;

import io.epimetheus.config.yaml.YamlOut;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sections kept as parsed YAML (a plugin's SD configuration, {@code sigv4}, OAuth2 claims) printed
 * back, with the values of the fields Prometheus types as secrets replaced by {@value
 * Fields#SECRET}: without the plugin's schema, a field is recognised by its key.
 */
final class RawValues {

    /** Keys of secret-typed fields in Prometheus's SD, HTTP client, SigV4, Azure AD and OAuth2 configs. */
    private static final Set<String> SECRET_KEYS = Set.of("password", "bearer_token", "credentials", "client_secret",
            "client_certificate_key", "key", "secret_key", "token", "auth_token", "application_credential_secret",
            "application_secret", "consumer_key");
    /** Keys whose values are lists of secrets ({@code http_headers} entries). */
    private static final String SECRET_LIST = "secrets";

    private RawValues() {
    }

    /** A mapping in document order. */
    static YamlOut.Mapping mapping(Map<String, Object> map) {
        return mapping(map, false);
    }

    /** A mapping in Go's map order (for values Prometheus holds as Go maps). */
    static YamlOut.Mapping sortedMapping(Map<String, Object> map) {
        return mapping(map, true);
    }

    /** The map with its keys as strings (YAML allows others; Prometheus's maps have string keys). */
    static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    private static YamlOut.Mapping mapping(Map<String, Object> map, boolean sorted) {
        Fields f = new Fields();
        Map<String, Object> entries = sorted ? ConfigPrinter.sorted(map) : map;
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            Object v = e.getValue();
            if (SECRET_KEYS.contains(e.getKey()) && v instanceof String s) {
                f.str(e.getKey(), s.isEmpty() ? "" : Fields.SECRET);
            } else if (SECRET_LIST.equals(e.getKey()) && v instanceof List<?> l) {
                List<YamlOut> items = new ArrayList<>(l.size());
                for (int i = 0; i < l.size(); i++) {
                    items.add(new YamlOut.Str(Fields.SECRET));
                }
                f.put(e.getKey(), new YamlOut.Sequence(items, false));
            } else {
                f.put(e.getKey(), value(v, sorted));
            }
        }
        return f.build();
    }

    private static YamlOut value(Object v, boolean sorted) {
        if (v instanceof Map<?, ?> m) {
            return mapping(stringKeys(m), sorted);
        }
        if (v instanceof List<?> l) {
            List<YamlOut> items = new ArrayList<>(l.size());
            for (Object o : l) {
                items.add(value(o, sorted));
            }
            return new YamlOut.Sequence(items, false);
        }
        if (v instanceof String s) {
            return new YamlOut.Str(s);
        }
        if (v instanceof Double d) {
            return new YamlOut.Token(Fields.goFloat(d));
        }
        if (v instanceof Long || v instanceof Integer || v instanceof BigInteger || v instanceof Boolean) {
            return new YamlOut.Token(v.toString());
        }
        return new YamlOut.Token("null");
    }
}
