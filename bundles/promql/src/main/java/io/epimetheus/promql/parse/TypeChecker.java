package io.epimetheus.promql.parse;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.promql.ast.AggregateExpr;
import io.epimetheus.promql.ast.AggregateOp;
import io.epimetheus.promql.ast.BinaryExpr;
import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.FunctionDef;
import io.epimetheus.promql.ast.GoQuote;
import io.epimetheus.promql.ast.MatrixSelector;
import io.epimetheus.promql.ast.ParenExpr;
import io.epimetheus.promql.ast.PosRange;
import io.epimetheus.promql.ast.SubqueryExpr;
import io.epimetheus.promql.ast.UnaryExpr;
import io.epimetheus.promql.ast.ValueType;
import io.epimetheus.promql.ast.VectorMatching;
import io.epimetheus.promql.ast.VectorSelector;

/** Prometheus's semantic checks on a parsed tree: operand types, argument counts, matching rules. */
final class TypeChecker {

    private final String input;

    TypeChecker(String input) {
        this.input = input;
    }

    /** Checks {@code node} and its children; returns its type. */
    ValueType check(Expr node) {
        ValueType type = node.type();
        if (node instanceof AggregateExpr a) {
            expectType(a.expr, ValueType.VECTOR, "aggregation expression");
            if (a.op == AggregateOp.TOPK || a.op == AggregateOp.BOTTOMK || a.op == AggregateOp.QUANTILE
                    || a.op == AggregateOp.LIMITK || a.op == AggregateOp.LIMIT_RATIO) {
                expectType(a.param, ValueType.SCALAR, "aggregation parameter");
            }
            if (a.op == AggregateOp.COUNT_VALUES) {
                expectType(a.param, ValueType.STRING, "aggregation parameter");
            }
        } else if (node instanceof BinaryExpr b) {
            checkBinary(b);
        } else if (node instanceof Call c) {
            checkCall(c);
        } else if (node instanceof ParenExpr pe) {
            check(pe.expr);
        } else if (node instanceof UnaryExpr u) {
            ValueType t = check(u.expr);
            if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
                throw error(u.posRange(), "unary expression only allowed on expressions of type scalar or instant "
                        + "vector, got " + GoQuote.quote(t.documented()));
            }
        } else if (node instanceof SubqueryExpr s) {
            ValueType t = check(s.expr);
            if (t != ValueType.VECTOR) {
                throw error(s.posRange(), "subquery is only allowed on instant vector, got " + t.text() + " instead");
            }
        } else if (node instanceof MatrixSelector m) {
            check(m.vectorSelector);
        } else if (node instanceof VectorSelector vs) {
            checkVectorSelector(vs);
        }
        return type;
    }

    private void expectType(Expr node, ValueType want, String context) {
        ValueType t = check(node);
        if (t != want) {
            throw error(node.posRange(), "expected type " + want.documented() + " in " + context + ", got "
                    + t.documented());
        }
    }

    private void checkBinary(BinaryExpr n) {
        ValueType lt = check(n.lhs);
        ValueType rt = check(n.rhs);
        if (n.returnBool && !n.op.isComparison()) {
            throw error(opRange(n), "bool modifier can only be used on comparison operators");
        }
        if (n.op.isComparison() && !n.returnBool && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            throw error(opRange(n), "comparisons between scalars must use BOOL modifier");
        }
        VectorMatching vm = n.matching;
        if (n.op.isSetOperator() && vm.card == VectorMatching.Card.ONE_TO_ONE) {
            vm.card = VectorMatching.Card.MANY_TO_MANY;
        }
        if (vm.on) {
            for (String l1 : vm.matchingLabels) {
                if (vm.include.contains(l1)) {
                    throw error(opRange(n), "label " + GoQuote.quote(l1) + " must not occur in ON and GROUP clause at once");
                }
            }
        }
        if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
            throw error(n.lhs.posRange(), "binary expression must contain only scalar and instant vector types");
        }
        if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
            throw error(n.rhs.posRange(), "binary expression must contain only scalar and instant vector types");
        }
        if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
            if (!vm.matchingLabels.isEmpty()) {
                throw error(n.posRange(), "vector matching only allowed between instant vectors");
            }
            if (vm.fillLhs != null || vm.fillRhs != null) {
                throw error(n.posRange(), "filling in missing series only allowed between instant vectors");
            }
            n.matching = null;
        } else if (n.op.isSetOperator()) {
            if (vm.card == VectorMatching.Card.ONE_TO_MANY || vm.card == VectorMatching.Card.MANY_TO_ONE) {
                throw error(n.posRange(), "no grouping allowed for " + GoQuote.quote(n.op.text()) + " operation");
            }
            if (vm.card != VectorMatching.Card.MANY_TO_MANY) {
                throw error(n.posRange(), "set operations must always be many-to-many");
            }
            if (vm.fillLhs != null || vm.fillRhs != null) {
                throw error(n.posRange(), "filling in missing series not allowed for set operators");
            }
        }
        if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && n.op.isSetOperator()) {
            throw error(n.posRange(), "set operator " + GoQuote.quote(n.op.text())
                    + " not allowed in binary scalar expression");
        }
    }

    /** The position of the operator: between the operands, without surrounding whitespace. */
    private PosRange opRange(BinaryExpr n) {
        int start = n.lhs.posRange().end();
        while (start < input.length() && Lexer.isSpace(input.charAt(start))) {
            start++;
        }
        int end = n.rhs.posRange().start() - 1;
        while (end > start && Lexer.isSpace(input.charAt(end))) {
            end--;
        }
        return new PosRange(start, end);
    }

    private void checkCall(Call n) {
        FunctionDef f = n.func;
        int nargs = f.argTypes().size();
        if (f.variadic() == 0) {
            if (nargs != n.args.size()) {
                throw error(n.posRange(), "expected " + nargs + " argument(s) in call to " + GoQuote.quote(f.name())
                        + ", got " + n.args.size());
            }
        } else {
            int na = nargs - 1;
            if (na > n.args.size()) {
                throw error(n.posRange(), "expected at least " + na + " argument(s) in call to "
                        + GoQuote.quote(f.name()) + ", got " + n.args.size());
            }
            int max = na + f.variadic();
            if (f.variadic() > 0 && max < n.args.size()) {
                throw error(n.posRange(), "expected at most " + max + " argument(s) in call to "
                        + GoQuote.quote(f.name()) + ", got " + n.args.size());
            }
        }
        if (f.name().equals("info") && n.args.size() > 1) {
            Expr selector = n.args.get(1);
            if (selector.type() != ValueType.VECTOR) {
                throw error(n.posRange(), "expected type " + ValueType.VECTOR.documented() + " in call to function "
                        + GoQuote.quote(f.name()) + ", got " + selector.type().documented());
            }
            if (selector instanceof VectorSelector vs && !vs.name.isEmpty()) {
                throw error(selector.posRange(), "expected label selectors only, got vector selector instead");
            } else if (selector instanceof VectorSelector vs) {
                vs.bypassEmptyMatcherCheck = true;
            } else {
                throw error(selector.posRange(), "expected label selectors only");
            }
        }
        for (int i = 0; i < n.args.size(); i++) {
            int typeIndex = i;
            if (i >= nargs) {
                if (f.variadic() == 0) {
                    break;
                }
                typeIndex = nargs - 1;
            }
            Expr arg = n.args.get(i);
            ValueType t = check(arg);
            if (t != f.argTypes().get(typeIndex)) {
                throw error(arg.posRange(), "expected type " + f.argTypes().get(typeIndex).documented()
                        + " in call to function " + GoQuote.quote(f.name()) + ", got " + t.documented());
            }
        }
    }

    private void checkVectorSelector(VectorSelector n) {
        if (!n.name.isEmpty()) {
            for (int i = 0; i < n.matchers.size() - 1; i++) {
                Matcher m = n.matchers.get(i);
                if (m.name().equals(Labels.METRIC_NAME)) {
                    throw error(n.posRange(), "metric name must not be set twice: " + GoQuote.quote(n.name) + " or "
                            + GoQuote.quote(m.value()));
                }
            }
            return;
        }
        if (!n.bypassEmptyMatcherCheck) {
            for (Matcher m : n.matchers) {
                if (!m.matchesEmpty()) {
                    return;
                }
            }
            throw error(n.posRange(), "vector selector must contain at least one non-empty matcher");
        }
    }

    private ParseException error(PosRange range, String message) {
        return new ParseException(range, message, input);
    }
}
