package io.epimetheus.config.yaml;

/**
 * Writes a {@link YamlOut} tree as Go's yaml.v2 does, so configurations print as Prometheus prints
 * them: two-space indentation, sequences in a mapping not indented ({@code - } under the key),
 * {@code {}} and {@code []} for empty collections, scalars styled by {@link ScalarStyle}, and
 * scalars folded at spaces once a line passes 80 columns (yaml.v2's default width), continuing two
 * columns deeper than their key. Not thread-safe; one emitter per document.
 */
public final class YamlEmitter {

    private static final int WIDTH = 80;
    private static final int INDENT = 2;

    private final StringBuilder out = new StringBuilder();
    private int column;

    private YamlEmitter() {
    }

    /** The document, ending with a line feed. */
    public static String write(YamlOut root) {
        YamlEmitter e = new YamlEmitter();
        e.item(root, 0);
        if (e.column != 0) {
            e.out.append('\n');
        }
        return e.out.toString();
    }

    /** A node at the current position (document start or after {@code - }), content at {@code indent}. */
    private void item(YamlOut node, int indent) {
        if (node instanceof YamlOut.Mapping m) {
            if (m.entries().isEmpty()) {
                put("{}");
            } else {
                mapping(m, indent, true);
            }
        } else if (node instanceof YamlOut.Sequence s) {
            if (s.items().isEmpty()) {
                put("[]");
            } else if (s.flow()) {
                flowSequence(s, indent);
            } else {
                blockSequence(s, indent, true);
            }
        } else {
            scalarNode(node, indent, false);
        }
    }

    /** Entries each on a line at {@code indent}; the first stays on the current line when {@code inline}. */
    private void mapping(YamlOut.Mapping m, int indent, boolean inline) {
        boolean first = true;
        for (YamlOut.Entry e : m.entries()) {
            if (!first || !inline) {
                newLine(indent);
            }
            first = false;
            scalar(e.key(), indent + INDENT, false, true);
            put(":");
            value(e.value(), indent);
        }
    }

    /** The value after {@code key:} of a key at {@code indent}. */
    private void value(YamlOut node, int indent) {
        if (node instanceof YamlOut.Mapping m) {
            if (m.entries().isEmpty()) {
                put(" {}");
            } else {
                mapping(m, indent + INDENT, false);
            }
        } else if (node instanceof YamlOut.Sequence s) {
            if (s.items().isEmpty()) {
                put(" []");
            } else if (s.flow()) {
                put(" ");
                flowSequence(s, indent + INDENT);
            } else {
                blockSequence(s, indent, false);
            }
        } else {
            put(" ");
            scalarNode(node, indent + INDENT, false);
        }
    }

    private void scalarNode(YamlOut node, int indent, boolean flow) {
        if (node instanceof YamlOut.Str str) {
            scalar(str.value(), indent, flow, false);
        } else if (node instanceof YamlOut.Token t) {
            put(t.text());
        } else {
            throw new IllegalArgumentException("flow sequences hold scalars only, not " + node);
        }
    }

    private void blockSequence(YamlOut.Sequence s, int indent, boolean inline) {
        boolean first = true;
        for (YamlOut item : s.items()) {
            if (!first || !inline) {
                newLine(indent);
            }
            first = false;
            put("- ");
            item(item, indent + INDENT);
        }
    }

    /** {@code [a, b]}, continuing at {@code indent} on a new line once past the width. */
    private void flowSequence(YamlOut.Sequence s, int indent) {
        put("[");
        boolean first = true;
        for (YamlOut item : s.items()) {
            if (!first) {
                put(",");
            }
            boolean wrapped = column > WIDTH;
            if (wrapped) {
                newLine(indent);
            } else if (!first) {
                put(" ");
            }
            first = false;
            scalarNode(item, indent, true);
        }
        put("]");
    }

    private void scalar(String s, int indent, boolean flow, boolean key) {
        boolean mayFold = !key;
        switch (ScalarStyle.of(s, flow, key)) {
            case PLAIN -> plain(s, indent, mayFold);
            case SINGLE_QUOTED -> singleQuoted(s, indent, mayFold);
            case DOUBLE_QUOTED -> doubleQuoted(s, indent, mayFold);
            case LITERAL -> literal(s, indent);
        }
    }

    private void plain(String s, int indent, boolean mayFold) {
        int[] cps = s.codePoints().toArray();
        boolean spaces = false;
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] == ' ') {
                if (mayFold && !spaces && column > WIDTH && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
                    newLine(indent);
                } else {
                    put(' ');
                }
                spaces = true;
            } else {
                put(cps[i]);
                spaces = false;
            }
        }
    }

    private void singleQuoted(String s, int indent, boolean mayFold) {
        int[] cps = s.codePoints().toArray();
        put('\'');
        boolean spaces = false;
        boolean breaks = false;
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] == ' ') {
                if (mayFold && !spaces && column > WIDTH && i > 0 && i < cps.length - 1 && cps[i + 1] != ' ') {
                    newLine(indent);
                } else {
                    put(' ');
                }
                spaces = true;
            } else if (ScalarStyle.isBreak(cps[i])) {
                // Only LS and PS get here (a line feed makes a literal or escapes): written, then indented.
                out.appendCodePoint(cps[i]);
                column = 0;
                breaks = true;
            } else {
                if (breaks) {
                    pad(indent);
                }
                if (cps[i] == '\'') {
                    put('\'');
                }
                put(cps[i]);
                spaces = false;
                breaks = false;
            }
        }
        put('\'');
    }

    private void doubleQuoted(String s, int indent, boolean mayFold) {
        int[] cps = s.codePoints().toArray();
        put('"');
        boolean spaces = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (!ScalarStyle.isPrintable(c) || c == 0xFEFF || ScalarStyle.isBreak(c) || c == '"' || c == '\\') {
                escape(c);
                spaces = false;
            } else if (c == ' ') {
                if (mayFold && !spaces && column > WIDTH && i > 0 && i < cps.length - 1) {
                    newLine(indent);
                    if (cps[i + 1] == ' ') {
                        put('\\');
                    }
                } else {
                    put(' ');
                }
                spaces = true;
            } else {
                put(c);
                spaces = false;
            }
        }
        put('"');
    }

    private void escape(int c) {
        put('\\');
        switch (c) {
            case 0x00 -> put('0');
            case 0x07 -> put('a');
            case 0x08 -> put('b');
            case 0x09 -> put('t');
            case 0x0A -> put('n');
            case 0x0B -> put('v');
            case 0x0C -> put('f');
            case 0x0D -> put('r');
            case 0x1B -> put('e');
            case '"' -> put('"');
            case '\\' -> put('\\');
            case 0x85 -> put('N');
            case 0xA0 -> put('_');
            case 0x2028 -> put('L');
            case 0x2029 -> put('P');
            default -> {
                int digits = c <= 0xFF ? 2 : c <= 0xFFFF ? 4 : 8;
                put(digits == 2 ? 'x' : digits == 4 ? 'u' : 'U');
                for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
                    int d = (c >> k) & 0xF;
                    put(d < 10 ? '0' + d : 'A' + d - 10);
                }
            }
        }
    }

    /** {@code |} with yaml.v2's indentation and chomping indicators, lines at {@code indent}. */
    private void literal(String s, int indent) {
        int[] cps = s.codePoints().toArray();
        put('|');
        if (cps[0] == ' ' || ScalarStyle.isBreak(cps[0])) {
            put('0' + INDENT);
        }
        int last = cps.length - 1;
        if (!ScalarStyle.isBreak(cps[last])) {
            put('-');
        } else if (last == 0 || ScalarStyle.isBreak(cps[last - 1])) {
            put('+');
        }
        out.append('\n');
        column = 0;
        boolean breaks = true;
        for (int c : cps) {
            if (ScalarStyle.isBreak(c)) {
                out.appendCodePoint(c);
                column = 0;
                breaks = true;
            } else {
                if (breaks) {
                    pad(indent);
                }
                put(c);
                breaks = false;
            }
        }
    }

    /** Ends the current line (unless at the start of one) and indents the next. */
    private void newLine(int indent) {
        if (column != 0 || (out.length() > 0 && out.charAt(out.length() - 1) != '\n')) {
            out.append('\n');
            column = 0;
        }
        pad(indent);
    }

    private void pad(int indent) {
        while (column < indent) {
            put(' ');
        }
    }

    private void put(String s) {
        s.codePoints().forEach(this::put);
    }

    private void put(int codePoint) {
        out.appendCodePoint(codePoint);
        column++;
    }
}
