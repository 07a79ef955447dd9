package io.epimetheus.config.yaml;

import java.util.List;
import java.util.Objects;

/**
 * A YAML document to write with {@link YamlEmitter}: mappings keep the order of their entries
 * (struct fields in declaration order, or map keys already sorted by {@link GoMapOrder}).
 */
public sealed interface YamlOut permits YamlOut.Mapping, YamlOut.Sequence, YamlOut.Str, YamlOut.Token {

    /** A block mapping ({@code {}} when empty). */
    record Mapping(List<Entry> entries) implements YamlOut {
        public Mapping {
            entries = List.copyOf(entries);
        }
    }

    /** One key and value of a mapping. */
    record Entry(String key, YamlOut value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A sequence, in block style or, when {@code flow}, as {@code [a, b]} ({@code []} when empty). */
    record Sequence(List<YamlOut> items, boolean flow) implements YamlOut {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** A string, quoted only when Go's yaml.v2 would quote it (see {@link ScalarStyle}). */
    record Str(String value) implements YamlOut {
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A number or boolean, written as given. */
    record Token(String text) implements YamlOut {
        public Token {
            Objects.requireNonNull(text, "text");
        }
    }
}
