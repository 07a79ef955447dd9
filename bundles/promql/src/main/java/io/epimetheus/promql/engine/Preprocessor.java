package io.epimetheus.promql.engine;

import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.promql.ast.AggregateExpr;
import io.epimetheus.promql.ast.AstWalk;
import io.epimetheus.promql.ast.AtAnchor;
import io.epimetheus.promql.ast.BinaryExpr;
import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.ast.DurationExpr;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.MatrixSelector;
import io.epimetheus.promql.ast.NumberLiteral;
import io.epimetheus.promql.ast.ParenExpr;
import io.epimetheus.promql.ast.StepInvariantExpr;
import io.epimetheus.promql.ast.StringLiteral;
import io.epimetheus.promql.ast.SubqueryExpr;
import io.epimetheus.promql.ast.UnaryExpr;
import io.epimetheus.promql.ast.VectorSelector;
import io.epimetheus.promql.functions.FunctionTable;
import io.epimetheus.promql.functions.GoMathFunctions;
import java.util.List;

/**
 * Prepares a parsed expression for evaluation over a time range, as Prometheus does: folds
 * {@code start()}, {@code end()}, {@code range()} and {@code step()} into numbers, computes
 * duration expressions, resolves {@code @ start()} and {@code @ end()}, marks the parts whose value
 * does not change between steps so they are evaluated once, and adjusts offsets for {@code @}.
 */
final class Preprocessor {

    private Preprocessor() {
    }

    /**
     * The expression ready for evaluation.
     *
     * @throws QueryException of type {@link ErrorType#BAD_DATA} if a duration expression is invalid
     */
    static Expr preprocess(Expr expr, long start, long end, long stepMillis) {
        expr = foldQueryContextFunctions(expr, start, end, stepMillis);
        computeDurations(expr, stepMillis, end - start);
        Expr result = wrapStepInvariant(expr, start, end) ? new StepInvariantExpr(expr) : expr;
        setOffsetForAtModifier(start, result);
        return result;
    }

    /** Replaces calls of start(), end(), range() and step() by their values for this query. */
    private static Expr foldQueryContextFunctions(Expr expr, long start, long end, long step) {
        if (expr instanceof Call c) {
            switch (c.func.name()) {
                case "start" -> {
                    return new NumberLiteral(start / 1000.0, false, c.posRange);
                }
                case "end" -> {
                    return new NumberLiteral(end / 1000.0, false, c.posRange);
                }
                case "range" -> {
                    return new NumberLiteral((end - start) / 1000.0, false, c.posRange);
                }
                case "step" -> {
                    return new NumberLiteral(start == end ? 0 : step / 1000.0, false, c.posRange);
                }
                default -> {
                    List<Expr> args = c.args;
                    for (int i = 0; i < args.size(); i++) {
                        args.set(i, foldQueryContextFunctions(args.get(i), start, end, step));
                    }
                }
            }
        } else if (expr instanceof BinaryExpr b) {
            b.lhs = foldQueryContextFunctions(b.lhs, start, end, step);
            b.rhs = foldQueryContextFunctions(b.rhs, start, end, step);
        } else if (expr instanceof AggregateExpr a) {
            a.expr = foldQueryContextFunctions(a.expr, start, end, step);
            if (a.param != null) {
                a.param = foldQueryContextFunctions(a.param, start, end, step);
            }
        } else if (expr instanceof UnaryExpr u) {
            u.expr = foldQueryContextFunctions(u.expr, start, end, step);
        } else if (expr instanceof ParenExpr p) {
            p.expr = foldQueryContextFunctions(p.expr, start, end, step);
        } else if (expr instanceof SubqueryExpr s) {
            s.expr = foldQueryContextFunctions(s.expr, start, end, step);
        }
        return expr;
    }

    /** Evaluates the duration expressions of ranges, steps and offsets. */
    private static void computeDurations(Expr root, long stepMillis, long rangeMillis) {
        AstWalk.inspect(root, (node, path) -> {
            if (node instanceof VectorSelector vs && vs.originalOffsetExpr != null) {
                vs.originalOffsetNanos = duration(vs.originalOffsetExpr, true, stepMillis, rangeMillis);
            } else if (node instanceof MatrixSelector m && m.rangeExpr != null) {
                m.rangeNanos = duration(m.rangeExpr, false, stepMillis, rangeMillis);
            } else if (node instanceof SubqueryExpr s) {
                if (s.originalOffsetExpr != null) {
                    s.originalOffsetNanos = duration(s.originalOffsetExpr, true, stepMillis, rangeMillis);
                }
                if (s.stepExpr != null) {
                    s.stepNanos = duration(s.stepExpr, false, stepMillis, rangeMillis);
                }
                if (s.rangeExpr != null) {
                    s.rangeNanos = duration(s.rangeExpr, false, stepMillis, rangeMillis);
                }
            }
            return true;
        });
    }

    private static long duration(Expr e, boolean allowNegative, long stepMillis, long rangeMillis) {
        double seconds = durationValue(e, stepMillis, rangeMillis);
        String where = e.posRange().start() + ":" + e.posRange().end() + ": ";
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new QueryException(ErrorType.BAD_DATA, where + "duration is NaN or infinite");
        }
        if (seconds <= 0 && !allowNegative) {
            throw new QueryException(ErrorType.BAD_DATA, where + "duration must be greater than 0");
        }
        if (seconds > 9.223372036854775807e9 || seconds < -9.223372036854775808e9) {
            throw new QueryException(ErrorType.BAD_DATA, where + "duration is out of range");
        }
        return (long) (seconds * 1000) * 1_000_000L;
    }

    private static double durationValue(Expr e, long stepMillis, long rangeMillis) {
        if (e instanceof NumberLiteral n) {
            return n.val;
        }
        DurationExpr d = (DurationExpr) e;
        double lhs = d.lhs == null ? 0 : durationValue(d.lhs, stepMillis, rangeMillis);
        double rhs = d.rhs == null ? 0 : durationValue(d.rhs, stepMillis, rangeMillis);
        String where = e.posRange().start() + ":" + e.posRange().end() + ": ";
        return switch (d.op) {
            case STEP -> stepMillis / 1000.0;
            case RANGE -> rangeMillis / 1000.0;
            case MIN_OF -> Math.min(lhs, rhs);
            case MAX_OF -> Math.max(lhs, rhs);
            case ADD -> d.lhs == null ? rhs : lhs + rhs;
            case SUB -> d.lhs == null ? -rhs : lhs - rhs;
            case MUL -> lhs * rhs;
            case DIV -> {
                if (rhs == 0) {
                    throw new QueryException(ErrorType.BAD_DATA, where + "division by zero");
                }
                yield lhs / rhs;
            }
            case MOD -> {
                if (rhs == 0) {
                    throw new QueryException(ErrorType.BAD_DATA, where + "modulo by zero");
                }
                yield lhs % rhs;
            }
            case POW -> GoMathFunctions.pow(lhs, rhs);
        };
    }

    /**
     * Wraps the largest step-invariant sub-expressions in {@link StepInvariantExpr}; resolves
     * {@code @ start()}/{@code @ end()} and drops redundant parentheses around arguments. Returns
     * whether {@code expr} itself should be wrapped by its parent.
     */
    private static boolean wrapStepInvariant(Expr expr, long start, long end) {
        return helper(expr, start, end)[1];
    }

    /** Returns {isStepInvariant, shouldWrap}. */
    private static boolean[] helper(Expr expr, long start, long end) {
        if (expr instanceof VectorSelector vs) {
            resolveAnchor(vs, start, end);
            boolean invariant = vs.timestamp != null;
            return new boolean[] {invariant, invariant};
        }
        if (expr instanceof AggregateExpr a) {
            a.expr = unwrapParens(a.expr);
            a.param = unwrapParens(a.param);
            return helper(a.expr, start, end);
        }
        if (expr instanceof BinaryExpr b) {
            boolean[] l = helper(b.lhs, start, end);
            boolean[] r = helper(b.rhs, start, end);
            if (l[0] && r[0]) {
                return new boolean[] {true, true};
            }
            if (l[1]) {
                b.lhs = new StepInvariantExpr(b.lhs);
            }
            if (r[1]) {
                b.rhs = new StepInvariantExpr(b.rhs);
            }
            return new boolean[] {false, false};
        }
        if (expr instanceof Call c) {
            boolean invariant = !FunctionTable.AT_MODIFIER_UNSAFE.contains(c.func.name());
            // timestamp(selector @ t) is step-invariant although timestamp() in general is not.
            boolean timestampOfInvariantSelectors = c.func.name().equals("timestamp");
            boolean[] wrap = new boolean[c.args.size()];
            for (int i = 0; i < c.args.size(); i++) {
                c.args.set(i, unwrapParens(c.args.get(i)));
                boolean[] r = helper(c.args.get(i), start, end);
                invariant = invariant && r[0];
                wrap[i] = r[1];
                if (!r[0] || !(c.args.get(i) instanceof VectorSelector)) {
                    timestampOfInvariantSelectors = false;
                }
            }
            if (invariant || timestampOfInvariantSelectors) {
                return new boolean[] {true, true};
            }
            for (int i = 0; i < wrap.length; i++) {
                if (wrap[i]) {
                    c.args.set(i, new StepInvariantExpr(c.args.get(i)));
                }
            }
            return new boolean[] {false, false};
        }
        if (expr instanceof MatrixSelector m) {
            return new boolean[] {helper(m.vectorSelector, start, end)[0], false};
        }
        if (expr instanceof SubqueryExpr s) {
            // The inside of a subquery is wrapped even if the subquery has an @ itself, so it is
            // evaluated once relative to the subquery's start.
            if (helper(s.expr, start, end)[0]) {
                s.expr = new StepInvariantExpr(s.expr);
            }
            if (s.atAnchor == AtAnchor.START) {
                s.timestamp = start;
            } else if (s.atAnchor == AtAnchor.END) {
                s.timestamp = end;
            }
            return new boolean[] {s.timestamp != null, false};
        }
        if (expr instanceof ParenExpr p) {
            return helper(p.expr, start, end);
        }
        if (expr instanceof UnaryExpr u) {
            return helper(u.expr, start, end);
        }
        if (expr instanceof StringLiteral || expr instanceof NumberLiteral) {
            return new boolean[] {true, false};
        }
        throw new QueryException(ErrorType.INTERNAL, "unexpected node in preprocessing: " + expr);
    }

    private static void resolveAnchor(VectorSelector vs, long start, long end) {
        if (vs.atAnchor == AtAnchor.START) {
            vs.timestamp = start;
        } else if (vs.atAnchor == AtAnchor.END) {
            vs.timestamp = end;
        }
    }

    private static Expr unwrapParens(Expr e) {
        while (e instanceof ParenExpr p) {
            e = p.expr;
        }
        return e;
    }

    /**
     * Sets the evaluation offset of selectors and subqueries with {@code @} so that, evaluated at
     * {@code evalTime}, they read the data at their {@code @} time.
     */
    static void setOffsetForAtModifier(long evalTime, Expr expr) {
        AstWalk.inspect(expr, (node, path) -> {
            if (node instanceof VectorSelector vs) {
                vs.offsetNanos = offsetFor(evalTime, vs.timestamp, vs.originalOffsetNanos, path);
            } else if (node instanceof MatrixSelector m) {
                VectorSelector vs = m.vectorSelector;
                vs.offsetNanos = offsetFor(evalTime, vs.timestamp, vs.originalOffsetNanos, path);
            } else if (node instanceof SubqueryExpr s) {
                s.offsetNanos = offsetFor(evalTime, s.timestamp, s.originalOffsetNanos, path);
            }
            return true;
        });
    }

    private static long offsetFor(long evalTime, Long ts, long originalOffsetNanos, List<Expr> path) {
        if (ts == null) {
            return originalOffsetNanos;
        }
        long subqueryOffset = 0;
        Long subqueryTs = null;
        for (Expr n : path) {
            if (n instanceof SubqueryExpr s) {
                subqueryOffset += s.originalOffsetNanos;
                if (s.timestamp != null) {
                    subqueryOffset = s.originalOffsetNanos;
                    subqueryTs = s.timestamp;
                }
            }
        }
        if (subqueryTs != null) {
            subqueryOffset += (evalTime - subqueryTs) * 1_000_000L;
        }
        long offsetForTs = (evalTime - ts) * 1_000_000L;
        return originalOffsetNanos + (offsetForTs - subqueryOffset);
    }
}
