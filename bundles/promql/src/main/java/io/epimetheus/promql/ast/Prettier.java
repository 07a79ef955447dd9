package io.epimetheus.promql.ast;

import java.nio.charset.StandardCharsets;

/**
 * Formats expressions the way Prometheus's {@code /api/v1/format_query} does: a node whose
 * single-line form is longer than 100 characters is split, its children indented by two spaces
 * per level; selectors and literals are never split.
 */
public final class Prettier {

    private static final int MAX_CHARACTERS_PER_LINE = 100;

    private final int maxCharactersPerLine;

    private Prettier(int maxCharactersPerLine) {
        this.maxCharactersPerLine = maxCharactersPerLine;
    }

    /** The pretty-printed form of {@code e}. */
    public static String format(Expr e) {
        return new Prettier(MAX_CHARACTERS_PER_LINE).pretty(e, 0);
    }

    /** The pretty-printed form of {@code e} with another line limit. */
    public static String format(Expr e, int maxCharactersPerLine) {
        return new Prettier(maxCharactersPerLine).pretty(e, 0);
    }

    private String pretty(Expr e, int level) {
        if (e instanceof AggregateExpr a) {
            if (!needsSplit(a)) {
                return indent(level) + Printer.print(a);
            }
            StringBuilder sb = new StringBuilder(indent(level));
            Printer.writeAggregateHead(sb, a);
            sb.append("(\n");
            if (a.op.hasParam()) {
                sb.append(pretty(a.param, level + 1)).append(",\n");
            }
            return sb.append(pretty(a.expr, level + 1)).append('\n').append(indent(level)).append(')').toString();
        }
        if (e instanceof BinaryExpr b) {
            if (!needsSplit(b)) {
                return indent(level) + Printer.print(b);
            }
            StringBuilder sb = new StringBuilder();
            sb.append(pretty(b.lhs, level + 1)).append('\n').append(indent(level));
            Printer.writeOperator(sb, b);
            return sb.append('\n').append(pretty(b.rhs, level + 1)).toString();
        }
        if (e instanceof Call c) {
            if (!needsSplit(c)) {
                return indent(level) + Printer.print(c);
            }
            StringBuilder sb = new StringBuilder(indent(level)).append(c.func.name()).append("(\n");
            for (int i = 0; i < c.args.size(); i++) {
                if (i > 0) {
                    sb.append(",\n");
                }
                sb.append(pretty(c.args.get(i), level + 1));
            }
            return sb.append('\n').append(indent(level)).append(')').toString();
        }
        if (e instanceof ParenExpr p) {
            if (!needsSplit(p)) {
                return indent(level) + Printer.print(p);
            }
            return indent(level) + "(\n" + pretty(p.expr, level + 1) + "\n" + indent(level) + ")";
        }
        if (e instanceof StepInvariantExpr s) {
            return pretty(s.expr, level);
        }
        if (e instanceof SubqueryExpr s) {
            if (!needsSplit(s)) {
                return Printer.print(s);
            }
            StringBuilder sb = new StringBuilder(pretty(s.expr, level));
            Printer.writeSubquerySuffix(sb, s);
            return sb.toString();
        }
        if (e instanceof UnaryExpr u) {
            return indent(level) + u.op.text() + pretty(u.expr, level).strip();
        }
        return indent(level) + Printer.print(e);
    }

    private boolean needsSplit(Expr e) {
        // Prometheus counts bytes of the UTF-8 form.
        return Printer.print(e).getBytes(StandardCharsets.UTF_8).length > maxCharactersPerLine;
    }

    private static String indent(int level) {
        return "  ".repeat(level);
    }
}
