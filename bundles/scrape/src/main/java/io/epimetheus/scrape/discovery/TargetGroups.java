package io.epimetheus.scrape.discovery;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.api.discovery.TargetGroup;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads target groups as written in {@code static_configs} entries and file SD files:
 * {@code targets} (a list of {@code host:port}) and {@code labels} (a map), nothing else. Each
 * target becomes a label set with only {@code __address__}.
 */
final class TargetGroups {

    private TargetGroups() {
    }

    /**
     * Parses one group.
     *
     * @param raw the parsed YAML or JSON object
     * @param source the group's source id
     * @param extra labels added to the group's labels (e.g. {@code __meta_filepath}), or {@code null}
     * @throws ConfigException if the group is malformed
     */
    static TargetGroup parse(Object raw, String source, Labels extra) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw new ConfigException(raw == null ? "nil target group item found"
                    : "a target group must be a map with 'targets' and 'labels', got " + describe(raw));
        }
        List<Labels> targets = new ArrayList<>();
        LabelsBuilder labels = new LabelsBuilder();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            switch (key) {
                case "targets" -> {
                    Object t = e.getValue();
                    if (t == null) {
                        continue;
                    }
                    if (!(t instanceof List<?> list)) {
                        throw new ConfigException("'targets' must be a list of host:port strings, got " + describe(t));
                    }
                    for (Object item : list) {
                        targets.add(Labels.of("__address__", scalar(item, "target")));
                    }
                }
                case "labels" -> {
                    Object l = e.getValue();
                    if (l == null) {
                        continue;
                    }
                    if (!(l instanceof Map<?, ?> lm)) {
                        throw new ConfigException("'labels' must be a map of label names to values, got " + describe(l));
                    }
                    for (Map.Entry<?, ?> le : lm.entrySet()) {
                        String name = scalar(le.getKey(), "label name");
                        if (!Labels.isValidLabelName(name)) {
                            throw new ConfigException(quote(name) + " is not a valid label name");
                        }
                        String value = scalar(le.getValue(), "label value");
                        if (!Labels.isWellFormed(value)) {
                            throw new ConfigException(quote(value) + " is not a valid label value");
                        }
                        labels.set(name, value);
                    }
                }
                default -> throw new ConfigException("field " + key
                        + " not found in target group (accepted fields: targets, labels)");
            }
        }
        if (extra != null) {
            extra.forEach(labels::set);
        }
        return new TargetGroup(source, targets, labels.build());
    }

    private static String scalar(Object v, String what) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new ConfigException("a " + what + " must be a string, got " + describe(v));
    }

    private static String describe(Object v) {
        return v instanceof Map ? "a map" : v instanceof List ? "a list" : "\"" + v + "\"";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        Labels.appendQuoted(sb, s);
        return sb.toString();
    }
}
