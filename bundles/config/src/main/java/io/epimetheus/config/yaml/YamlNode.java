package io.epimetheus.config.yaml;

import java.util.List;

/**
 * A node of a parsed YAML document with the 1-based line it starts on. Aliases are resolved and
 * merge keys ({@code <<}) applied, so a tree is plain data.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    /** The 1-based line the node starts on. */
    int line();

    /** The YAML tag Go's decoder names in type errors: {@code !!str}, {@code !!int}, {@code !!map}, ... */
    String tagName();

    /** What a plain scalar resolved to (YAML 1.1 rules, as Go's yaml.v2). */
    enum Kind { STRING, INT, FLOAT, BOOL, NULL, BINARY }

    /**
     * A scalar. {@code text} is the value as written (for {@link Kind#BINARY}, the decoded bytes as
     * a string in which bytes that are not UTF-8 appear as {@link GoStrings#isEscapedByte escaped bytes}).
     *
     * @param text the text
     * @param kind how the scalar resolved
     * @param line the line
     */
    record Scalar(String text, Kind kind, int line) implements YamlNode {
        @Override
        public String tagName() {
            return switch (kind) {
                case STRING -> "!!str";
                case INT -> "!!int";
                case FLOAT -> "!!float";
                case BOOL -> "!!bool";
                case NULL -> "!!null";
                case BINARY -> "!!binary";
            };
        }

        /** Whether this is the null scalar ({@code ~}, {@code null} or nothing). */
        public boolean isNull() {
            return kind == Kind.NULL;
        }
    }

    /**
     * One key of a mapping.
     *
     * @param key the key as a string
     * @param line the key's line
     * @param value its value
     */
    record Entry(String key, int line, YamlNode value) {
    }

    /**
     * A mapping, entries in document order (duplicates kept, so readers can reject them).
     *
     * @param entries the entries
     * @param line the line
     */
    record Mapping(List<Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override
        public String tagName() {
            return "!!map";
        }
    }

    /**
     * A sequence.
     *
     * @param items the items
     * @param line the line
     */
    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String tagName() {
            return "!!seq";
        }
    }
}
