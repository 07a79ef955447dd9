package io.epimetheus.config.load;

import io.epimetheus.config.yaml.YamlNode;
import io.epimetheus.config.yaml.YamlNode.Entry;
import io.epimetheus.config.yaml.YamlNode.Mapping;
import io.epimetheus.config.yaml.YamlNode.Scalar;
import io.epimetheus.config.yaml.YamlNode.Sequence;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a YAML tree to plain Java values for sections whose schema belongs to a plugin
 * ({@code <type>_sd_configs}) or is free-form: unmodifiable {@link Map}s (document order) and
 * {@link List}s, {@link String}, {@link Long} (or {@link BigInteger} beyond 64 bits), {@link Double},
 * {@link Boolean} and {@code null}. Quoted scalars stay strings.
 */
final class RawYaml {

    private RawYaml() {
    }

    static Object toJava(YamlNode node, String type) {
        if (node instanceof Mapping m) {
            return toMap(m, type);
        }
        if (node instanceof Sequence s) {
            List<Object> out = new ArrayList<>(s.items().size());
            for (YamlNode item : s.items()) {
                out.add(toJava(item, type));
            }
            return Collections.unmodifiableList(out);
        }
        Scalar s = (Scalar) node;
        return switch (s.kind()) {
            case STRING, BINARY -> s.text();
            case NULL -> null;
            case BOOL -> Section.isTrue(s.text());
            case INT -> integer(s.text());
            case FLOAT -> {
                String t = s.text().replace("_", "");
                if (t.toLowerCase().endsWith(".inf")) {
                    yield t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                yield t.equalsIgnoreCase(".nan") ? Double.NaN : Double.parseDouble(t);
            }
        };
    }

    /** A mapping as an unmodifiable map; a repeated key is an error naming {@code type}. */
    static Map<String, Object> toMap(Mapping m, String type) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Entry e : m.entries()) {
            if (out.containsKey(e.key())) {
                throw Errors.at(e.line(), "unmarshal errors: field " + e.key() + " already set in type " + type);
            }
            out.put(e.key(), toJava(e.value(), type));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object integer(String text) {
        try {
            return Section.parseInt(text);
        } catch (NumberFormatException e) {
            return new BigInteger(text.replace("_", ""));
        }
    }
}
