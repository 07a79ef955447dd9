package io.epimetheus.exporters.jmx;

import io.epimetheus.api.model.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A parsed jmx_exporter configuration. Keys that only make sense for a remote JMX connection
 * ({@code hostPort}, {@code jmxUrl}, credentials, SSL) are rejected: this exporter reads the
 * container's own platform MBeanServer.
 */
record JmxRules(List<JmxRule> rules, List<ObjectName> include, List<ObjectName> exclude,
        boolean lowercaseOutputName, boolean lowercaseOutputLabelNames) {

    /** The configuration of an empty file: one rule exporting everything in the default format. */
    static JmxRules defaults() {
        return new JmxRules(List.of(defaultRule()), List.of(), List.of(), false, false);
    }

    private static JmxRule defaultRule() {
        return new JmxRule(null, null, null, 1.0, null, null, null, MetricType.UNKNOWN, false);
    }

    /**
     * Parses YAML text.
     *
     * @throws IllegalArgumentException naming the offending key or rule
     */
    @SuppressWarnings("unchecked")
    static JmxRules parse(String yamlText, String source) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(source + ": invalid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return defaults();
        }
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException(source + ": the top level must be a mapping");
        }
        Map<String, Object> yaml = (Map<String, Object>) root;
        for (String remote : List.of("hostPort", "jmxUrl", "username", "password", "ssl")) {
            if (yaml.containsKey(remote)) {
                throw new IllegalArgumentException(source + ": '" + remote
                        + "' is not supported: this exporter reads the container's own platform MBeanServer");
            }
        }
        boolean lowerName = bool(yaml, "lowercaseOutputName", source);
        boolean lowerLabels = bool(yaml, "lowercaseOutputLabelNames", source);
        List<ObjectName> include = objectNames(yaml, "includeObjectNames", "whitelistObjectNames", source);
        List<ObjectName> exclude = objectNames(yaml, "excludeObjectNames", "blacklistObjectNames", source);
        List<JmxRule> rules = new ArrayList<>();
        Object rulesObject = yaml.get("rules");
        if (rulesObject == null) {
            rules.add(defaultRule());
        } else {
            if (!(rulesObject instanceof List)) {
                throw new IllegalArgumentException(source + ": 'rules' must be a list");
            }
            int index = 0;
            for (Object r : (List<Object>) rulesObject) {
                if (!(r instanceof Map)) {
                    throw new IllegalArgumentException(source + ": rule " + index + " must be a mapping");
                }
                rules.add(rule((Map<String, Object>) r, source + ": rule " + index));
                index++;
            }
        }
        return new JmxRules(List.copyOf(rules), include, exclude, lowerName, lowerLabels);
    }

    @SuppressWarnings("unchecked")
    private static JmxRule rule(Map<String, Object> r, String where) {
        Pattern pattern = null;
        if (r.containsKey("pattern")) {
            String p = String.valueOf(r.get("pattern"));
            try {
                pattern = Pattern.compile("^.*(?:" + p + ").*$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(where + ": invalid pattern " + p + ": " + e.getDescription(), e);
            }
        }
        String name = string(r, "name");
        String value = r.containsKey("value") ? String.valueOf(r.get("value")) : null;
        double factor = 1.0;
        if (r.containsKey("valueFactor")) {
            try {
                factor = Double.parseDouble(String.valueOf(r.get("valueFactor")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": valueFactor '" + r.get("valueFactor") + "' is not a number");
            }
        }
        MetricType type = MetricType.UNKNOWN;
        if (r.containsKey("type")) {
            String t = String.valueOf(r.get("type")).toUpperCase(Locale.ROOT);
            switch (t) {
                case "GAUGE":
                    type = MetricType.GAUGE;
                    break;
                case "COUNTER":
                    type = MetricType.COUNTER;
                    break;
                case "UNTYPED":
                case "UNKNOWN":
                    type = MetricType.UNKNOWN;
                    break;
                default:
                    throw new IllegalArgumentException(where + ": type '" + r.get("type")
                            + "' is not one of GAUGE, COUNTER, UNTYPED");
            }
        }
        List<String> labelNames = null;
        List<String> labelValues = null;
        if (r.containsKey("labels")) {
            if (!(r.get("labels") instanceof Map)) {
                throw new IllegalArgumentException(where + ": 'labels' must be a mapping");
            }
            labelNames = new ArrayList<>();
            labelValues = new ArrayList<>();
            for (Map.Entry<String, Object> e : new TreeMap<>((Map<String, Object>) r.get("labels")).entrySet()) {
                labelNames.add(e.getKey());
                labelValues.add(String.valueOf(e.getValue()));
            }
        }
        String help = string(r, "help");
        if ((labelNames != null || help != null) && name == null) {
            throw new IllegalArgumentException(where + ": must provide name, if help or labels are given");
        }
        if (name != null && pattern == null) {
            throw new IllegalArgumentException(where + ": must provide pattern, if name is given");
        }
        boolean snake = r.containsKey("attrNameSnakeCase") && Boolean.parseBoolean(String.valueOf(r.get("attrNameSnakeCase")));
        return new JmxRule(pattern, name, value, factor, help, labelNames, labelValues, type, snake);
    }

    private static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static boolean bool(Map<String, Object> yaml, String key, String source) {
        Object v = yaml.get(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean)) {
            throw new IllegalArgumentException(source + ": '" + key + "' must be true or false");
        }
        return (Boolean) v;
    }

    @SuppressWarnings("unchecked")
    private static List<ObjectName> objectNames(Map<String, Object> yaml, String key, String legacyKey, String source) {
        Object v = yaml.containsKey(key) ? yaml.get(key) : yaml.get(legacyKey);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List)) {
            throw new IllegalArgumentException(source + ": '" + key + "' must be a list of ObjectName patterns");
        }
        List<ObjectName> out = new ArrayList<>();
        for (Object o : (List<Object>) v) {
            try {
                out.add(new ObjectName(String.valueOf(o)));
            } catch (MalformedObjectNameException e) {
                throw new IllegalArgumentException(source + ": invalid ObjectName '" + o + "' in " + key + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }
}
