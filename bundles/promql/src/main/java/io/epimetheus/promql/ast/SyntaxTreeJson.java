package io.epimetheus.promql.ast;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Matcher;
import java.util.List;

/**
 * Writes a parsed expression as the JSON tree of Prometheus's {@code /api/v1/parse_query} (the
 * tree view of its UI): the node types, field names and value forms Prometheus's API produces,
 * with the keys of every object in alphabetical order and strings escaped as its JSON encoder
 * escapes them ({@code <}, {@code >} and {@code &} as six-character unicode escapes). Numbers of number literals
 * are strings in Go's shortest {@code 'f'} form; durations and offsets are milliseconds; a duration
 * literal inside a duration expression is seconds with {@code "duration": true}.
 *
 * <p>The tree must come straight from the parser: the engine rewrites trees in place.
 */
public final class SyntaxTreeJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder sb = new StringBuilder(256);

    private SyntaxTreeJson() {
    }

    /**
     * The JSON tree of {@code e}.
     *
     * @throws IllegalArgumentException if a value has no JSON form (a {@code fill()} value that is
     *     NaN or infinite), with the message Prometheus's encoder gives
     */
    public static String of(Expr e) {
        SyntaxTreeJson w = new SyntaxTreeJson();
        w.node(e);
        return w.sb.toString();
    }

    private void node(Expr e) {
        if (e == null) {
            sb.append("null");
            return;
        }
        if (e instanceof AggregateExpr a) {
            sb.append("{\"expr\":");
            node(a.expr);
            sb.append(",\"grouping\":");
            strings(a.grouping);
            sb.append(",\"op\":");
            string(a.op.text());
            sb.append(",\"param\":");
            node(a.param);
            sb.append(",\"type\":\"aggregation\",\"without\":").append(a.without).append('}');
        } else if (e instanceof BinaryExpr b) {
            sb.append("{\"bool\":").append(b.returnBool).append(",\"lhs\":");
            node(b.lhs);
            sb.append(",\"matching\":");
            matching(b.matching);
            sb.append(",\"op\":");
            string(b.op.text());
            sb.append(",\"rhs\":");
            node(b.rhs);
            sb.append(",\"type\":\"binaryExpr\"}");
        } else if (e instanceof Call c) {
            sb.append("{\"args\":[");
            for (int i = 0; i < c.args.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                node(c.args.get(i));
            }
            sb.append("],\"func\":{\"argTypes\":[");
            List<ValueType> types = c.func.argTypes();
            for (int i = 0; i < types.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(types.get(i).text());
            }
            sb.append("],\"name\":");
            string(c.func.name());
            sb.append(",\"returnType\":");
            string(c.func.returnType().text());
            sb.append(",\"variadic\":").append(c.func.variadic()).append("},\"type\":\"call\"}");
        } else if (e instanceof MatrixSelector m) {
            VectorSelector vs = m.vectorSelector;
            selectorStart(vs);
            sb.append(",\"range\":").append(m.rangeNanos / 1_000_000).append(",\"rangeExpr\":");
            duration(m.rangeExpr);
            selectorEnd(vs, "matrixSelector");
        } else if (e instanceof SubqueryExpr s) {
            sb.append("{\"expr\":");
            node(s.expr);
            sb.append(",\"offset\":").append(s.originalOffsetNanos / 1_000_000).append(",\"offsetExpr\":");
            duration(s.originalOffsetExpr);
            sb.append(",\"range\":").append(s.rangeNanos / 1_000_000).append(",\"rangeExpr\":");
            duration(s.rangeExpr);
            sb.append(",\"startOrEnd\":");
            anchor(s.atAnchor);
            sb.append(",\"step\":").append(s.stepNanos / 1_000_000).append(",\"stepExpr\":");
            duration(s.stepExpr);
            sb.append(",\"timestamp\":").append(s.timestamp).append(",\"type\":\"subquery\"}");
        } else if (e instanceof DurationExpr d) {
            duration(d);
        } else if (e instanceof NumberLiteral n) {
            sb.append("{\"type\":\"numberLiteral\",\"val\":\"");
            FloatFormat.appendF(sb, n.val);
            sb.append("\"}");
        } else if (e instanceof ParenExpr p) {
            sb.append("{\"expr\":");
            node(p.expr);
            sb.append(",\"type\":\"parenExpr\"}");
        } else if (e instanceof StringLiteral s) {
            sb.append("{\"type\":\"stringLiteral\",\"val\":");
            string(s.val);
            sb.append('}');
        } else if (e instanceof UnaryExpr u) {
            sb.append("{\"expr\":");
            node(u.expr);
            sb.append(",\"op\":");
            string(u.op.text());
            sb.append(",\"type\":\"unaryExpr\"}");
        } else if (e instanceof VectorSelector vs) {
            selectorStart(vs);
            selectorEnd(vs, "vectorSelector");
        } else if (e instanceof StepInvariantExpr s) {
            // Only the engine inserts these; a parsed tree has none.
            node(s.expr);
        }
    }

    /** The fields of a selector up to {@code offsetExpr}, in key order. */
    private void selectorStart(VectorSelector vs) {
        sb.append("{\"anchored\":").append(vs.anchored).append(",\"matchers\":[");
        List<Matcher> matchers = vs.matchers;
        for (int i = 0; i < matchers.size(); i++) {
            Matcher m = matchers.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"name\":");
            string(m.name());
            sb.append(",\"type\":");
            string(m.type().operator());
            sb.append(",\"value\":");
            string(m.value());
            sb.append('}');
        }
        sb.append("],\"name\":");
        string(vs.name);
        sb.append(",\"offset\":").append(vs.originalOffsetNanos / 1_000_000).append(",\"offsetExpr\":");
        duration(vs.originalOffsetExpr);
    }

    private void selectorEnd(VectorSelector vs, String type) {
        sb.append(",\"smoothed\":").append(vs.smoothed).append(",\"startOrEnd\":");
        anchor(vs.atAnchor);
        sb.append(",\"timestamp\":").append(vs.timestamp).append(",\"type\":\"").append(type).append("\"}");
    }

    private void anchor(AtAnchor a) {
        sb.append(switch (a) {
            case NONE -> "null";
            case START -> "\"start\"";
            case END -> "\"end\"";
        });
    }

    private void matching(VectorMatching m) {
        if (m == null) {
            sb.append("null");
            return;
        }
        sb.append("{\"card\":");
        string(m.card.toString());
        sb.append(",\"fillValues\":{\"lhs\":");
        fillValue(m.fillLhs);
        sb.append(",\"rhs\":");
        fillValue(m.fillRhs);
        sb.append("},\"include\":");
        strings(m.include);
        sb.append(",\"labels\":");
        strings(m.matchingLabels);
        sb.append(",\"on\":").append(m.on).append('}');
    }

    /**
     * A JSON number as Prometheus's encoder writes a float: the shortest {@code 'f'} form, the
     * exponent form below 1e-6 and from 1e21 on.
     */
    private void fillValue(Double v) {
        if (v == null) {
            sb.append("null");
            return;
        }
        double f = v;
        if (Double.isNaN(f) || Double.isInfinite(f)) {
            throw new IllegalArgumentException("unsupported value: " + FloatFormat.formatF(f));
        }
        double abs = Math.abs(f);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            int start = sb.length();
            FloatFormat.appendG(sb, f);
            // Go's two-digit exponent "e-07" is written "e-7".
            int n = sb.length();
            if (n - start >= 4 && sb.charAt(n - 4) == 'e' && sb.charAt(n - 3) == '-' && sb.charAt(n - 2) == '0') {
                sb.deleteCharAt(n - 2);
            }
        } else {
            FloatFormat.appendF(sb, f);
        }
    }

    /** A duration expression (or a number literal inside one), or null. */
    private void duration(Expr e) {
        if (e == null) {
            sb.append("null");
        } else if (e instanceof DurationExpr d) {
            sb.append("{\"lhs\":");
            duration(d.lhs);
            sb.append(",\"op\":");
            string(d.op.text());
            sb.append(",\"rhs\":");
            duration(d.rhs);
            sb.append(",\"type\":\"durationExpr\",\"wrapped\":").append(d.wrapped).append('}');
        } else if (e instanceof NumberLiteral n) {
            sb.append("{\"duration\":").append(n.duration).append(",\"type\":\"numberLiteral\",\"val\":\"");
            FloatFormat.appendF(sb, n.val);
            sb.append("\"}");
        } else {
            node(e);
        }
    }

    private void strings(List<String> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(list.get(i));
        }
        sb.append(']');
    }

    /**
     * A JSON string as Go's HTML-safe encoder writes it: {@code \n}, {@code \r}, {@code \t} and
     * other control characters as unicode escapes, {@code <>&} and U+2028/U+2029 escaped, and bytes
     * of invalid UTF-8 (carried as unpaired surrogates) as the replacement character.
     */
    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        sb.append("\\ufffd");
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private void unicodeEscape(char c) {
        sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
