package io.epimetheus.config.yaml;

import io.epimetheus.api.config.ConfigException;
import io.epimetheus.config.yaml.YamlNode.Entry;
import io.epimetheus.config.yaml.YamlNode.Kind;
import io.epimetheus.config.yaml.YamlNode.Mapping;
import io.epimetheus.config.yaml.YamlNode.Scalar;
import io.epimetheus.config.yaml.YamlNode.Sequence;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads the first document of a YAML text into a {@link YamlNode} tree with line numbers. Built on
 * SnakeYAML's composer (the YAML 1.1 parser under Jackson's YAML support), which keeps what a
 * faithful reading of {@code prometheus.yml} needs: each scalar's resolved tag (so {@code yes} is a
 * boolean and {@code ~} null, as in Go's yaml.v2), explicit {@code !!binary} tags on keys and
 * values, and the position of every node. Aliases are resolved and merge keys ({@code <<}) applied,
 * explicit keys winning over merged ones. Thread-safe.
 */
public final class YamlReader {

    private static final int MAX_DEPTH = 256;

    private final LoaderOptions options;

    public YamlReader() {
        options = new LoaderOptions();
        // Aliases are expanded into the tree; bound them so a hostile file cannot exhaust memory.
        options.setMaxAliasesForCollections(1000);
        options.setCodePointLimit(64 * 1024 * 1024);
        options.setAllowDuplicateKeys(true); // reported by the readers with Prometheus's wording
    }

    /**
     * Parses the first document.
     *
     * @return the root node, or {@code null} for an empty document
     * @throws ConfigException with the line of a syntax error
     */
    public YamlNode read(String text) {
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options);
        Node root;
        try {
            Iterator<Node> docs = yaml.composeAll(new StringReader(text)).iterator();
            root = docs.hasNext() ? docs.next() : null;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                problem = e.getContext() + ": " + problem;
            }
            throw new ConfigException(null, mark == null ? 0 : mark.getLine() + 1, "yaml: " + problem, e);
        } catch (YAMLException e) {
            throw new ConfigException("yaml: " + e.getMessage());
        }
        return root == null ? null : convert(root, 0, new IdentityHashMap<>());
    }

    private YamlNode convert(Node n, int depth, Map<Node, YamlNode> done) {
        if (depth > MAX_DEPTH) {
            throw new ConfigException(null, line(n), "yaml: document nested too deeply (or a recursive alias)", null);
        }
        YamlNode cached = done.get(n);
        if (cached != null) {
            return cached;
        }
        YamlNode out;
        if (n instanceof ScalarNode s) {
            out = scalar(s);
        } else if (n instanceof SequenceNode s) {
            List<YamlNode> items = new ArrayList<>(s.getValue().size());
            for (Node item : s.getValue()) {
                items.add(convert(item, depth + 1, done));
            }
            out = new Sequence(items, line(n));
        } else {
            out = mapping((MappingNode) n, depth, done);
        }
        done.put(n, out);
        return out;
    }

    private Mapping mapping(MappingNode m, int depth, Map<Node, YamlNode> done) {
        List<Entry> entries = new ArrayList<>();
        List<YamlNode> merges = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            YamlNode value = convert(t.getValueNode(), depth + 1, done);
            if (Tag.MERGE.equals(k.getTag())) {
                merges.add(value);
                continue;
            }
            if (!(k instanceof ScalarNode ks)) {
                throw new ConfigException(null, line(k), "unmarshal errors: a mapping key must be a scalar, got "
                        + (k instanceof MappingNode ? "!!map" : "!!seq"), null);
            }
            entries.add(new Entry(scalar(ks).text(), line(k), value));
        }
        if (!merges.isEmpty()) {
            Set<String> present = new HashSet<>();
            for (Entry e : entries) {
                present.add(e.key());
            }
            for (YamlNode merge : merges) {
                List<YamlNode> sources = merge instanceof Sequence s ? s.items() : List.of(merge);
                for (YamlNode src : sources) {
                    if (!(src instanceof Mapping sm)) {
                        throw new ConfigException(null, src.line(),
                                "yaml: map merge requires map or sequence of maps as the value", null);
                    }
                    for (Entry e : sm.entries()) {
                        if (present.add(e.key())) {
                            entries.add(e);
                        }
                    }
                }
            }
        }
        return new Mapping(entries, line(m));
    }

    private static Scalar scalar(ScalarNode s) {
        Tag tag = s.getTag();
        int line = line(s);
        if (Tag.BINARY.equals(tag)) {
            try {
                return new Scalar(GoStrings.decodeUtf8(Base64.getMimeDecoder().decode(s.getValue())), Kind.BINARY, line);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(null, line, "!!binary value contains invalid base64 data", e);
            }
        }
        Kind kind;
        if (Tag.NULL.equals(tag)) {
            kind = Kind.NULL;
        } else if (Tag.BOOL.equals(tag)) {
            kind = Kind.BOOL;
        } else if (Tag.INT.equals(tag)) {
            kind = Kind.INT;
        } else if (Tag.FLOAT.equals(tag)) {
            kind = Kind.FLOAT;
        } else {
            kind = Kind.STRING;
        }
        return new Scalar(kind == Kind.NULL ? "" : s.getValue(), kind, line);
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }
}
