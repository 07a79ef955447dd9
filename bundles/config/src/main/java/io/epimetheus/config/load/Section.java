package io.epimetheus.config.load;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.config.Secret;
import io.epimetheus.config.yaml.GoStrings;
import io.epimetheus.config.yaml.YamlNode;
import io.epimetheus.config.yaml.YamlNode.Entry;
import io.epimetheus.config.yaml.YamlNode.Kind;
import io.epimetheus.config.yaml.YamlNode.Mapping;
import io.epimetheus.config.yaml.YamlNode.Scalar;
import io.epimetheus.config.yaml.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A YAML mapping read strictly into one configuration type, the way Go's yaml.v2
 * {@code UnmarshalStrict} does: a key the type does not have is an error ({@code field x not found
 * in type T}), so is a repeated key ({@code field x already set in type T}) and a value of the wrong
 * kind ({@code cannot unmarshal !!str `x` into bool}). An absent key yields the caller's default; a
 * key present with a null value yields the type's zero value, as in Go.
 */
final class Section {

    private final Mapping node;
    private final String type;
    private final Map<String, Entry> entries;

    private Section(Mapping node, String type, Map<String, Entry> entries) {
        this.node = node;
        this.type = type;
        this.entries = entries;
    }

    /**
     * Reads {@code node} as type {@code type} (a Go type name for messages) with the given keys.
     *
     * @param extra accepts keys beyond {@code keys} (the {@code <type>_sd_configs} ones), or {@code null}
     */
    static Section of(YamlNode node, String type, Set<String> keys, Predicate<String> extra) {
        if (node instanceof Scalar s && s.isNull()) {
            return new Section(new Mapping(List.of(), s.line()), type, Map.of());
        }
        if (!(node instanceof Mapping m)) {
            throw Errors.at(node.line(), "unmarshal errors: cannot unmarshal " + node.tagName()
                    + describe(node) + " into " + type);
        }
        Map<String, Entry> byKey = new HashMap<>();
        for (Entry e : m.entries()) {
            if (!keys.contains(e.key()) && (extra == null || !extra.test(e.key()))) {
                throw Errors.at(e.line(), "unmarshal errors: field " + e.key() + " not found in type " + type);
            }
            if (byKey.putIfAbsent(e.key(), e) != null) {
                throw Errors.at(e.line(), "unmarshal errors: field " + e.key() + " already set in type " + type);
            }
        }
        return new Section(m, type, byKey);
    }

    static Section of(YamlNode node, String type, Set<String> keys) {
        return of(node, type, keys, null);
    }

    /** The line of the mapping. */
    int line() {
        return node.line();
    }

    /** The line of a key, or of the mapping when the key is absent. */
    int line(String key) {
        Entry e = entries.get(key);
        return e == null ? node.line() : e.line();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Whether the key is present with a non-null value. */
    boolean isSet(String key) {
        YamlNode v = get(key);
        return v != null && !(v instanceof Scalar s && s.isNull());
    }

    /** The value node of a key, or {@code null} when absent. */
    YamlNode get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    /** The entries in document order. */
    List<Entry> entries() {
        return node.entries();
    }

    String string(String key, String def) {
        YamlNode v = get(key);
        if (v == null) {
            return def;
        }
        return asString(key, v);
    }

    Secret secret(String key) {
        return new Secret(string(key, ""));
    }

    boolean bool(String key, boolean def) {
        YamlNode v = get(key);
        if (v == null) {
            return def;
        }
        Scalar s = scalar(key, v, "bool");
        if (s.isNull()) {
            return false;
        }
        if (s.kind() != Kind.BOOL) {
            throw typeError(key, v, "bool");
        }
        return isTrue(s.text());
    }

    /** Whether a YAML 1.1 boolean scalar ({@code true}, {@code yes}, {@code on}, ...) is true. */
    static boolean isTrue(String text) {
        return switch (text) {
            case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y" -> true;
            default -> false;
        };
    }

    /** A Go {@code uint}: non-negative. */
    long uint(String key, long def) {
        long v = integer(key, def, "uint");
        if (v < 0) {
            throw typeError(key, get(key), "uint");
        }
        return v;
    }

    int integer(String key, int def) {
        long v = integer(key, def, "int");
        if (v != (int) v) {
            throw typeError(key, get(key), "int");
        }
        return (int) v;
    }

    private long integer(String key, long def, String goType) {
        YamlNode v = get(key);
        if (v == null) {
            return def;
        }
        Scalar s = scalar(key, v, goType);
        if (s.isNull()) {
            return 0;
        }
        if (s.kind() != Kind.INT) {
            throw typeError(key, v, goType);
        }
        try {
            return parseInt(s.text());
        } catch (NumberFormatException e) {
            throw typeError(key, v, goType);
        }
    }

    double number(String key, double def) {
        YamlNode v = get(key);
        if (v == null) {
            return def;
        }
        Scalar s = scalar(key, v, "float64");
        if (s.isNull()) {
            return 0;
        }
        if (s.kind() == Kind.INT) {
            return parseInt(s.text());
        }
        if (s.kind() != Kind.FLOAT) {
            throw typeError(key, v, "float64");
        }
        String t = s.text().replace("_", "");
        return switch (t) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF" -> Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN" -> Double.NaN;
            default -> Double.parseDouble(t);
        };
    }

    /** A Prometheus duration ({@code model.Duration}). */
    Duration duration(String key, Duration def) {
        YamlNode v = get(key);
        if (v == null) {
            return def;
        }
        String s = asString(key, v);
        if (s.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofMillis(PromDuration.parse(s));
        } catch (IllegalArgumentException e) {
            throw Errors.at(line(key), e.getMessage());
        }
    }

    /** A byte size such as {@code 15MB} ({@code units.Base2Bytes}: KB and KiB are both 1024). */
    long bytes(String key, long def) {
        YamlNode v = get(key);
        if (v == null) {
            return def;
        }
        String s = asString(key, v);
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return ByteSize.parse(s);
        } catch (IllegalArgumentException e) {
            throw Errors.at(line(key), e.getMessage());
        }
    }

    /** A list of strings; {@code null} when absent, empty when null. */
    List<String> strings(String key) {
        YamlNode v = get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(v instanceof Sequence seq)) {
            throw typeError(key, v, "[]string");
        }
        List<String> out = new ArrayList<>(seq.items().size());
        for (YamlNode item : seq.items()) {
            out.add(asString(key, item));
        }
        return List.copyOf(out);
    }

    /** A list of strings, empty when absent. */
    List<String> stringsOrEmpty(String key) {
        List<String> l = strings(key);
        return l == null ? List.of() : l;
    }

    /** A map of strings in document order, empty when absent or null. */
    Map<String, String> stringMap(String key) {
        YamlNode v = get(key);
        if (v == null || v instanceof Scalar s && s.isNull()) {
            return Map.of();
        }
        if (!(v instanceof Mapping m)) {
            throw typeError(key, v, "map[string]string");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : m.entries()) {
            if (out.put(e.key(), asString(e.key(), e.value())) != null) {
                throw Errors.at(e.line(), "unmarshal errors: mapping key " + GoStrings.quote(e.key()) + " already defined");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The items of a sequence; {@code null} when absent, empty when null. */
    List<YamlNode> list(String key) {
        YamlNode v = get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(v instanceof Sequence seq)) {
            throw typeError(key, v, "[]" + key);
        }
        return seq.items();
    }

    /** The items of a sequence, empty when absent or null. */
    List<YamlNode> listOrEmpty(String key) {
        List<YamlNode> l = list(key);
        return l == null ? List.of() : l;
    }

    private String asString(String key, YamlNode v) {
        Scalar s = scalar(key, v, "string");
        return s.text();
    }

    private Scalar scalar(String key, YamlNode v, String goType) {
        if (!(v instanceof Scalar s)) {
            throw typeError(key, v, goType);
        }
        return s;
    }

    private ConfigException typeError(String key, YamlNode v, String goType) {
        return Errors.at(v.line(), "unmarshal errors: field " + key + ": cannot unmarshal " + v.tagName()
                + describe(v) + " into " + goType);
    }

    private static String describe(YamlNode v) {
        return v instanceof Scalar s ? " `" + s.text() + "`" : "";
    }

    /** Parses a YAML 1.1 integer as Go's yaml.v2 resolves it (underscores, 0x, 0o, 0b, leading-0 octal). */
    static long parseInt(String text) {
        String t = text.replace("_", "");
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.charAt(0) == '-';
            t = t.substring(1);
        }
        long v;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            v = Long.parseLong(t.substring(2), 16);
        } else if (t.startsWith("0b") || t.startsWith("0B")) {
            v = Long.parseLong(t.substring(2), 2);
        } else if (t.startsWith("0o") || t.startsWith("0O")) {
            v = Long.parseLong(t.substring(2), 8);
        } else if (t.length() > 1 && t.startsWith("0")) {
            v = Long.parseLong(t.substring(1), 8);
        } else {
            v = Long.parseLong(t);
        }
        return neg ? -v : v;
    }
}
