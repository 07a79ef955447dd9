package io.epimetheus.promql.ast;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints expressions in Prometheus's canonical single-line form (what Prometheus's {@code
 * String()} produces), e.g. {@code sum by (job) (rate(x{a="b"}[5m] offset 1h))}. Parsing the
 * output yields an equivalent expression.
 */
public final class Printer {

    private Printer() {
    }

    /** The canonical form of {@code e}. */
    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder(64);
        write(sb, e);
        return sb.toString();
    }

    static void write(StringBuilder sb, Expr e) {
        if (e instanceof AggregateExpr a) {
            writeAggregateHead(sb, a);
            sb.append('(');
            if (a.op.hasParam()) {
                write(sb, a.param);
                sb.append(", ");
            }
            write(sb, a.expr);
            sb.append(')');
        } else if (e instanceof BinaryExpr b) {
            write(sb, b.lhs);
            sb.append(' ');
            writeOperator(sb, b);
            sb.append(' ');
            write(sb, b.rhs);
        } else if (e instanceof Call c) {
            sb.append(c.func.name()).append('(');
            for (int i = 0; i < c.args.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(sb, c.args.get(i));
            }
            sb.append(')');
        } else if (e instanceof DurationExpr d) {
            writeDuration(sb, d);
        } else if (e instanceof MatrixSelector m) {
            writeMatrixSelector(sb, m);
        } else if (e instanceof NumberLiteral n) {
            writeNumber(sb, n);
        } else if (e instanceof ParenExpr p) {
            sb.append('(');
            write(sb, p.expr);
            sb.append(')');
        } else if (e instanceof StepInvariantExpr s) {
            write(sb, s.expr);
        } else if (e instanceof StringLiteral s) {
            GoQuote.appendQuoted(sb, s.val);
        } else if (e instanceof SubqueryExpr s) {
            write(sb, s.expr);
            writeSubquerySuffix(sb, s);
        } else if (e instanceof UnaryExpr u) {
            sb.append(u.op.text());
            write(sb, u.expr);
        } else if (e instanceof VectorSelector v) {
            writeVectorSelector(sb, v, true);
        }
    }

    /** {@code sum by (job) } / {@code sum without (a) } / {@code sum}: the aggregation without its arguments. */
    static void writeAggregateHead(StringBuilder sb, AggregateExpr a) {
        sb.append(a.op.text());
        if (a.without) {
            sb.append(" without (");
            writeLabels(sb, a.grouping);
            sb.append(") ");
        } else if (!a.grouping.isEmpty()) {
            sb.append(" by (");
            writeLabels(sb, a.grouping);
            sb.append(") ");
        }
    }

    /** The operator with its {@code bool}, matching and fill modifiers. */
    static void writeOperator(StringBuilder sb, BinaryExpr b) {
        sb.append(b.op.text());
        if (b.returnBool) {
            sb.append(" bool");
        }
        VectorMatching vm = b.matching;
        if (vm == null) {
            return;
        }
        boolean grouped = vm.card == VectorMatching.Card.MANY_TO_ONE || vm.card == VectorMatching.Card.ONE_TO_MANY;
        if (!vm.matchingLabels.isEmpty() || vm.on || grouped) {
            sb.append(vm.on ? " on (" : " ignoring (");
            writeLabels(sb, vm.matchingLabels);
            sb.append(')');
        }
        if (grouped) {
            sb.append(vm.card == VectorMatching.Card.MANY_TO_ONE ? " group_left (" : " group_right (");
            writeLabels(sb, vm.include);
            sb.append(')');
        }
        if (vm.fillLhs != null || vm.fillRhs != null) {
            if (vm.fillLhs != null && vm.fillRhs != null && vm.fillLhs.equals(vm.fillRhs)) {
                sb.append(" fill (").append(FloatFormat.formatG(vm.fillLhs)).append(')');
            } else {
                if (vm.fillLhs != null) {
                    sb.append(" fill_left (").append(FloatFormat.formatG(vm.fillLhs)).append(')');
                }
                if (vm.fillRhs != null) {
                    sb.append(" fill_right (").append(FloatFormat.formatG(vm.fillRhs)).append(')');
                }
            }
        }
    }

    static void writeLabels(StringBuilder sb, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String n = names.get(i);
            if (Labels.isLegacyLabelName(n)) {
                sb.append(n);
            } else {
                GoQuote.appendQuoted(sb, n);
            }
        }
    }

    private static void writeDuration(StringBuilder sb, DurationExpr d) {
        if (d.wrapped) {
            sb.append('(');
        }
        switch (d.op) {
            case STEP -> sb.append("step()");
            case RANGE -> sb.append("range()");
            case MIN_OF, MAX_OF -> {
                sb.append(d.op.text()).append('(');
                write(sb, d.lhs);
                sb.append(", ");
                write(sb, d.rhs);
                sb.append(')');
            }
            default -> {
                if (d.lhs == null) {
                    if (d.op == DurationOp.SUB) {
                        sb.append('-');
                    }
                    write(sb, d.rhs);
                } else {
                    write(sb, d.lhs);
                    sb.append(' ').append(d.op.text()).append(' ');
                    write(sb, d.rhs);
                }
            }
        }
        if (d.wrapped) {
            sb.append(')');
        }
    }

    private static void writeNumber(StringBuilder sb, NumberLiteral n) {
        if (n.duration) {
            if (n.val < 0) {
                sb.append('-').append(formatSeconds(-n.val));
            } else {
                sb.append(formatSeconds(n.val));
            }
        } else {
            FloatFormat.appendF(sb, n.val);
        }
    }

    /** A duration in seconds the way Prometheus prints it ({@code 1h30m}), at millisecond resolution. */
    private static String formatSeconds(double seconds) {
        return PromDuration.format((long) (seconds * 1e9) / 1_000_000);
    }

    /** Appends a vector selector: name, sorted matchers and, if {@code modifiers}, @, anchored/smoothed and offset. */
    private static void writeVectorSelector(StringBuilder sb, VectorSelector v, boolean modifiers) {
        List<String> strs = new ArrayList<>(v.matchers.size());
        for (Matcher m : v.matchers) {
            if (m.name().equals(Labels.METRIC_NAME) && m.type() == io.epimetheus.api.model.MatchType.EQUAL
                    && m.value().equals(v.name) && !m.value().isEmpty()) {
                continue;
            }
            strs.add(matcherString(m));
        }
        sb.append(v.name);
        if (!strs.isEmpty()) {
            strs.sort(Labels::compareStrings);
            sb.append('{').append(String.join(",", strs)).append('}');
        }
        if (!modifiers) {
            return;
        }
        writeAt(sb, v.timestamp, v.atAnchor);
        if (v.anchored) {
            sb.append(" anchored");
        } else if (v.smoothed) {
            sb.append(" smoothed");
        }
        writeOffset(sb, v.originalOffsetExpr, v.originalOffsetNanos);
    }

    /** A matcher as Prometheus prints it: the name quoted unless a legacy identifier, the value Go-quoted. */
    public static String matcherString(Matcher m) {
        StringBuilder sb = new StringBuilder();
        if (Labels.isLegacyLabelName(m.name())) {
            sb.append(m.name());
        } else {
            GoQuote.appendQuoted(sb, m.name());
        }
        sb.append(m.type().operator());
        GoQuote.appendQuoted(sb, m.value());
        return sb.toString();
    }

    private static void writeMatrixSelector(StringBuilder sb, MatrixSelector m) {
        VectorSelector v = m.vectorSelector;
        writeVectorSelector(sb, v, false);
        sb.append('[');
        writeRange(sb, m.rangeExpr, m.rangeNanos);
        sb.append(']');
        if (v.anchored) {
            sb.append(" anchored");
        } else if (v.smoothed) {
            sb.append(" smoothed");
        }
        writeAt(sb, v.timestamp, v.atAnchor);
        writeOffset(sb, v.originalOffsetExpr, v.originalOffsetNanos);
    }

    /** The {@code [range:step] @ t offset o} suffix of a subquery. */
    static void writeSubquerySuffix(StringBuilder sb, SubqueryExpr s) {
        sb.append('[');
        writeRange(sb, s.rangeExpr, s.rangeNanos);
        sb.append(':');
        if (s.stepNanos != 0) {
            sb.append(PromDuration.format(s.stepNanos / 1_000_000));
        } else if (s.stepExpr != null) {
            write(sb, s.stepExpr);
        }
        sb.append(']');
        writeAt(sb, s.timestamp, s.atAnchor);
        writeOffset(sb, s.originalOffsetExpr, s.originalOffsetNanos);
    }

    /** The range of a range selector or subquery: its duration expression if one was written. */
    private static void writeRange(StringBuilder sb, DurationExpr expr, long nanos) {
        if (expr != null) {
            write(sb, expr);
        } else {
            sb.append(PromDuration.format(nanos / 1_000_000));
        }
    }

    private static void writeAt(StringBuilder sb, Long timestamp, AtAnchor anchor) {
        if (timestamp != null) {
            sb.append(" @ ").append(BigDecimal.valueOf(timestamp, 3).toPlainString());
        } else if (anchor == AtAnchor.START) {
            sb.append(" @ start()");
        } else if (anchor == AtAnchor.END) {
            sb.append(" @ end()");
        }
    }

    private static void writeOffset(StringBuilder sb, DurationExpr expr, long nanos) {
        if (expr != null) {
            sb.append(" offset ");
            write(sb, expr);
        } else if (nanos > 0) {
            sb.append(" offset ").append(PromDuration.format(nanos / 1_000_000));
        } else if (nanos < 0) {
            sb.append(" offset -").append(PromDuration.format(-nanos / 1_000_000));
        }
    }
}
