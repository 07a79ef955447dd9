package io.epimetheus.promql.ast;

import java.util.ArrayList;
import java.util.List;

/** Depth-first traversal of an expression tree. */
public final class AstWalk {

    /** Called for each node with the path of its ancestors (root first). */
    @FunctionalInterface
    public interface Visitor {
        /** Returns false to stop the whole traversal. */
        boolean visit(Expr node, List<Expr> path);
    }

    private AstWalk() {
    }

    /** Visits {@code root} and its descendants, parents before children. */
    public static void inspect(Expr root, Visitor visitor) {
        walk(root, new ArrayList<>(), visitor);
    }

    private static boolean walk(Expr node, List<Expr> path, Visitor visitor) {
        if (!visitor.visit(node, path)) {
            return false;
        }
        path.add(node);
        try {
            for (Expr child : children(node)) {
                if (!walk(child, path, visitor)) {
                    return false;
                }
            }
        } finally {
            path.remove(path.size() - 1);
        }
        return true;
    }

    /** The direct children of a node, in evaluation order. Duration expressions are not children. */
    public static List<Expr> children(Expr node) {
        if (node instanceof AggregateExpr a) {
            return a.param == null ? List.of(a.expr) : List.of(a.expr, a.param);
        }
        if (node instanceof BinaryExpr b) {
            return List.of(b.lhs, b.rhs);
        }
        if (node instanceof Call c) {
            return c.args;
        }
        if (node instanceof SubqueryExpr s) {
            return List.of(s.expr);
        }
        if (node instanceof ParenExpr p) {
            return List.of(p.expr);
        }
        if (node instanceof UnaryExpr u) {
            return List.of(u.expr);
        }
        if (node instanceof MatrixSelector m) {
            return List.of(m.vectorSelector);
        }
        if (node instanceof StepInvariantExpr s) {
            return List.of(s.expr);
        }
        return List.of();
    }
}
