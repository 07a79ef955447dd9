package io.epimetheus.promql.engine;

import io.epimetheus.promql.ast.AstWalk;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.MatrixSelector;
import io.epimetheus.promql.ast.SubqueryExpr;
import io.epimetheus.promql.ast.VectorSelector;
import java.util.List;

/**
 * The time range of the data a query reads, over all its selectors, taking offsets, {@code @},
 * ranges, subqueries and the lookback delta into account: the range of the querier opened for it.
 */
final class QueryTimeRange {

    final long mint;
    final long maxt;

    private QueryTimeRange(long mint, long maxt) {
        this.mint = mint;
        this.maxt = maxt;
    }

    static QueryTimeRange of(Expr expr, long start, long end, long lookbackMillis) {
        long[] minMax = {Long.MAX_VALUE, Long.MIN_VALUE};
        long[] evalRange = {0};
        AstWalk.inspect(expr, (node, path) -> {
            if (node instanceof VectorSelector vs) {
                long[] r = selectorRange(vs, path, evalRange[0], start, end, lookbackMillis);
                minMax[0] = Math.min(minMax[0], r[0]);
                minMax[1] = Math.max(minMax[1], r[1]);
                evalRange[0] = 0;
            } else if (node instanceof MatrixSelector m) {
                evalRange[0] = m.rangeNanos / 1_000_000;
            }
            return true;
        });
        if (minMax[1] == Long.MIN_VALUE) {
            return new QueryTimeRange(0, 0);
        }
        return new QueryTimeRange(minMax[0], minMax[1]);
    }

    private static long[] selectorRange(VectorSelector n, List<Expr> path, long evalRange, long start, long end,
            long lookback) {
        long subqOffset = 0;
        long subqRange = 0;
        Long subqTs = null;
        for (Expr node : path) {
            if (node instanceof SubqueryExpr s) {
                subqOffset += s.originalOffsetNanos / 1_000_000;
                subqRange += s.rangeNanos / 1_000_000;
                if (s.timestamp != null) {
                    subqOffset = s.originalOffsetNanos / 1_000_000;
                    subqRange = s.rangeNanos / 1_000_000;
                    subqTs = s.timestamp;
                }
            }
        }
        long s = start;
        long e = end;
        if (subqTs != null) {
            s = subqTs;
            e = subqTs;
        }
        if (n.timestamp != null) {
            s = n.timestamp;
            e = n.timestamp;
        } else {
            s = s - subqOffset - subqRange;
            e -= subqOffset;
        }
        if (evalRange == 0) {
            s -= lookback - 1;
            if (n.smoothed) {
                e += lookback;
            }
        } else if (n.anchored) {
            s -= lookback + evalRange - 1;
        } else if (n.smoothed) {
            s -= lookback + evalRange - 1;
            e += lookback;
        } else {
            s -= evalRange - 1;
        }
        long offset = n.originalOffsetNanos / 1_000_000;
        return new long[] {s - offset, e - offset};
    }
}
