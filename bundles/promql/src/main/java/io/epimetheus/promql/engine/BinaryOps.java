package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.promql.ast.BinaryExpr;
import io.epimetheus.promql.ast.BinaryOp;
import io.epimetheus.promql.ast.ValueType;
import io.epimetheus.promql.ast.VectorMatching;
import io.epimetheus.promql.functions.GoMathFunctions;
import io.epimetheus.promql.value.FloatSeries;
import io.epimetheus.promql.value.MetadataLabels;
import io.epimetheus.promql.value.StepVector;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Binary operators between scalars and instant vectors, with vector matching and the set operators. */
final class BinaryOps {

    private final Evaluator ev;

    // Per-node scratch, indexed by signature ordinal.
    private boolean[] sigsPresent = new boolean[0];
    private int[] rightIndex = new int[0];
    private boolean[] matchedSigsPresent = new boolean[0];
    /** Many-to-one duplicate detection: (result metric id, signature) pairs inserted at the current step. */
    private final LongStampSet matchedMetrics = new LongStampSet();
    /**
     * Result labels per (left series, right series), or per series and fill value: computed once per pair, not per
     * step, with an id that is equal for equal label sets.
     */
    private final LongMap<ResultMetric> resultMetrics = new LongMap<>();
    private final Map<Labels, Integer> resultMetricIds = new HashMap<>();
    /** Matching labels per (side, series), for the fill modifiers. */
    private final LongMap<Labels> matchLabelsByOrigin = new LongMap<>();
    private Labels[] droppedByOrigin = new Labels[0];

    BinaryOps(Evaluator ev) {
        this.ev = ev;
    }

    List<FloatSeries> eval(BinaryExpr e) {
        ValueType lt = e.lhs.type();
        ValueType rt = e.rhs.type();
        if (lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            return ev.rangeEval(null, (args, st, out) -> out.add(Labels.EMPTY, st.ts,
                    scalarBinop(e.op, args[0].v[0], args[1].v[0]), false, -1), null, e.lhs, e.rhs);
        }
        if (lt == ValueType.VECTOR && rt == ValueType.VECTOR) {
            VectorMatching m = e.matching;
            return switch (e.op) {
                case LAND -> ev.rangeEval(m, (args, st, out) -> and(args[0], args[1], st, out), null, e.lhs, e.rhs);
                case LOR -> ev.rangeEval(m, (args, st, out) -> or(args[0], args[1], st, out), null, e.lhs, e.rhs);
                case LUNLESS -> ev.rangeEval(m, (args, st, out) -> unless(args[0], args[1], st, out), null, e.lhs,
                        e.rhs);
                default -> ev.rangeEval(m, (args, st, out) -> vectorBinop(e, args[0], args[1], st, out), null, e.lhs,
                        e.rhs);
            };
        }
        boolean scalarLeft = lt == ValueType.SCALAR;
        return ev.rangeEval(null, (args, st, out) -> {
            StepVector vec = scalarLeft ? args[1] : args[0];
            double scalar = scalarLeft ? args[0].v[0] : args[1].v[0];
            vectorScalarBinop(e, vec, scalar, scalarLeft, out);
        }, null, e.lhs, e.rhs);
    }

    static double scalarBinop(BinaryOp op, double lhs, double rhs) {
        return switch (op) {
            case ADD -> lhs + rhs;
            case SUB -> lhs - rhs;
            case MUL -> lhs * rhs;
            case DIV -> lhs / rhs;
            case POW -> GoMathFunctions.pow(lhs, rhs);
            case MOD -> lhs % rhs;
            case EQLC -> lhs == rhs ? 1 : 0;
            case NEQ -> lhs != rhs ? 1 : 0;
            case GTR -> lhs > rhs ? 1 : 0;
            case LSS -> lhs < rhs ? 1 : 0;
            case GTE -> lhs >= rhs ? 1 : 0;
            case LTE -> lhs <= rhs ? 1 : 0;
            case ATAN2 -> Math.atan2(lhs, rhs);
            default -> throw new QueryException(ErrorType.INTERNAL,
                    "operator \"" + op + "\" not allowed for Scalar operations");
        };
    }

    /** Whether a comparison holds; the other operators always keep the sample. */
    private static boolean keep(BinaryOp op, double lhs, double rhs) {
        return switch (op) {
            case EQLC -> lhs == rhs;
            case NEQ -> lhs != rhs;
            case GTR -> lhs > rhs;
            case LSS -> lhs < rhs;
            case GTE -> lhs >= rhs;
            case LTE -> lhs <= rhs;
            default -> true;
        };
    }

    /** The value of an element-wise operation: the left value for comparisons. */
    private static double value(BinaryOp op, double lhs, double rhs) {
        return op.isComparison() ? lhs : scalarBinop(op, lhs, rhs);
    }

    private void vectorScalarBinop(BinaryExpr e, StepVector lhs, double scalar, boolean swap, StepVector out) {
        BinaryOp op = e.op;
        if (op == BinaryOp.TRIM_UPPER || op == BinaryOp.TRIM_LOWER) {
            return; // trimming applies to native histograms only
        }
        boolean dropName = op.changesMetricSchema() || e.returnBool;
        for (int i = 0; i < lhs.size; i++) {
            double lf = lhs.v[i];
            double rf = scalar;
            if (swap) {
                lf = scalar;
                rf = lhs.v[i];
            }
            double v = value(op, lf, rf);
            boolean keep = keep(op, lf, rf);
            // In "scalar op vector" comparisons the vector's value is the result.
            if (op.isComparison() && swap) {
                v = rf;
            }
            if (e.returnBool) {
                v = keep ? 1 : 0;
                keep = true;
            }
            if (!keep) {
                continue;
            }
            Labels m = lhs.metric[i];
            if (dropName && !ev.ctx.delayedNameRemoval) {
                m = dropped(lhs, i);
            }
            out.add(m, lhs.t[i], v, dropName || lhs.dropName[i], lhs.origin[i]);
        }
    }

    private Labels dropped(StepVector in, int i) {
        int o = in.origin[i];
        if (o < 0) {
            return MetadataLabels.drop(in.metric[i]);
        }
        if (o >= droppedByOrigin.length) {
            droppedByOrigin = Arrays.copyOf(droppedByOrigin, Math.max(o + 1, droppedByOrigin.length * 2));
        }
        Labels d = droppedByOrigin[o];
        if (d == null) {
            d = MetadataLabels.drop(in.metric[i]);
            droppedByOrigin[o] = d;
        }
        return d;
    }

    // ---- set operators

    private boolean[] resetSigsPresent(int n) {
        if (sigsPresent.length < n) {
            sigsPresent = new boolean[n];
        } else {
            Arrays.fill(sigsPresent, 0, n, false);
        }
        return sigsPresent;
    }

    private void and(StepVector lhs, StepVector rhs, Evaluator.StepState st, StepVector out) {
        if (lhs.size == 0 || rhs.size == 0) {
            return;
        }
        boolean[] present = resetSigsPresent(st.numSignatures);
        int[] rs = st.signatures[1];
        int[] ls = st.signatures[0];
        for (int j = 0; j < rhs.size; j++) {
            present[rs[rhs.origin[j]]] = true;
        }
        for (int i = 0; i < lhs.size; i++) {
            if (present[ls[lhs.origin[i]]]) {
                out.addFrom(lhs, i);
            }
        }
    }

    private void or(StepVector lhs, StepVector rhs, Evaluator.StepState st, StepVector out) {
        if (lhs.size == 0 || rhs.size == 0) {
            for (int i = 0; i < lhs.size; i++) {
                out.addFrom(lhs, i);
            }
            for (int j = 0; j < rhs.size; j++) {
                out.addFrom(rhs, j);
            }
            return;
        }
        boolean[] present = resetSigsPresent(st.numSignatures);
        int[] ls = st.signatures[0];
        int[] rs = st.signatures[1];
        for (int i = 0; i < lhs.size; i++) {
            present[ls[lhs.origin[i]]] = true;
            out.addFrom(lhs, i);
        }
        for (int j = 0; j < rhs.size; j++) {
            if (!present[rs[rhs.origin[j]]]) {
                out.addFrom(rhs, j);
            }
        }
    }

    private void unless(StepVector lhs, StepVector rhs, Evaluator.StepState st, StepVector out) {
        if (lhs.size == 0 || rhs.size == 0) {
            for (int i = 0; i < lhs.size; i++) {
                out.addFrom(lhs, i);
            }
            return;
        }
        boolean[] present = resetSigsPresent(st.numSignatures);
        int[] ls = st.signatures[0];
        int[] rs = st.signatures[1];
        for (int j = 0; j < rhs.size; j++) {
            present[rs[rhs.origin[j]]] = true;
        }
        for (int i = 0; i < lhs.size; i++) {
            if (!present[ls[lhs.origin[i]]]) {
                out.addFrom(lhs, i);
            }
        }
    }

    // ---- arithmetic and comparisons between vectors

    private void vectorBinop(BinaryExpr e, StepVector lhsIn, StepVector rhsIn, Evaluator.StepState st,
            StepVector out) {
        VectorMatching matching = e.matching;
        BinaryOp op = e.op;
        if (op == BinaryOp.TRIM_UPPER || op == BinaryOp.TRIM_LOWER) {
            return; // trimming applies to native histograms only
        }
        boolean fill = matching.fillLhs != null || matching.fillRhs != null;
        if ((lhsIn.size == 0 && rhsIn.size == 0) || ((lhsIn.size == 0 || rhsIn.size == 0) && !fill)) {
            return;
        }
        boolean oneToMany = matching.card == VectorMatching.Card.ONE_TO_MANY;
        // One-to-many is handled as many-to-one with the sides swapped.
        StepVector lhs = oneToMany ? rhsIn : lhsIn;
        StepVector rhs = oneToMany ? lhsIn : rhsIn;
        int[] lsig = st.signatures[oneToMany ? 1 : 0];
        int[] rsig = st.signatures[oneToMany ? 0 : 1];
        int n = st.numSignatures;
        boolean[] rightPresent = resetSigsPresent(n);
        if (rightIndex.length < n) {
            rightIndex = new int[n];
        }
        for (int j = 0; j < rhs.size; j++) {
            int sig = rsig[rhs.origin[j]];
            if (rightPresent[sig]) {
                int dup = rightIndex[sig];
                String oneSide = oneToMany ? "left" : "right";
                Labels matched = matchLabels(rhs.metric[j], matching);
                String d1 = rhs.metric[j].toString();
                String d2 = rhs.metric[dup].toString();
                if (Labels.compareStrings(d1, d2) > 0) {
                    String x = d1;
                    d1 = d2;
                    d2 = x;
                }
                throw new QueryException(ErrorType.EXECUTION, "found duplicate series for the match group " + matched
                        + " on the " + oneSide + " hand-side of the operation: [" + d1 + ", " + d2
                        + "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
            rightIndex[sig] = j;
            rightPresent[sig] = true;
        }
        if (matchedSigsPresent.length < n) {
            matchedSigsPresent = new boolean[n];
        } else {
            Arrays.fill(matchedSigsPresent, 0, n, false);
        }
        matchedMetrics.clear();
        for (int i = 0; i < lhs.size; i++) {
            int sig = lsig[lhs.origin[i]];
            if (rightPresent[sig]) {
                int j = rightIndex[sig];
                apply(e, lhs.metric[i], lhs.origin[i], lhs.v[i], rhs.metric[j], rhs.origin[j], rhs.v[j], sig,
                        oneToMany, out, lhs.t[i]);
            } else if (matching.fillRhs != null) {
                apply(e, lhs.metric[i], lhs.origin[i], lhs.v[i], matchLabels(lhs.metric[i], lhs.origin[i], 0,
                        matching), -1, matching.fillRhs, sig, oneToMany, out, lhs.t[i]);
            }
        }
        if (matching.fillLhs != null) {
            for (int j = 0; j < rhs.size; j++) {
                int sig = rsig[rhs.origin[j]];
                if (matchedSigsPresent[sig]) {
                    continue;
                }
                apply(e, matchLabels(rhs.metric[j], rhs.origin[j], 1, matching), -1, matching.fillLhs,
                        rhs.metric[j], rhs.origin[j], rhs.v[j], sig, oneToMany, out, rhs.t[j]);
            }
        }
    }

    /** {@link #matchLabels(Labels, VectorMatching)}, computed once per input series. */
    private Labels matchLabels(Labels m, int origin, int side, VectorMatching matching) {
        if (origin < 0) {
            return matchLabels(m, matching);
        }
        long key = ((long) side << 32) | origin;
        Labels cached = matchLabelsByOrigin.get(key);
        if (cached == null) {
            cached = matchLabels(m, matching);
            matchLabelsByOrigin.put(key, cached);
        }
        return cached;
    }

    private record ResultMetric(Labels labels, int id) {
    }

    /** The labels a series is matched on: only the {@code on} labels, or all but the {@code ignoring} ones. */
    private static Labels matchLabels(Labels m, VectorMatching matching) {
        String[] names = matching.matchingLabels.toArray(new String[0]);
        if (matching.on) {
            return m.keepOnly(names);
        }
        String[] withName = Arrays.copyOf(names, names.length + 1);
        withName[names.length] = Labels.METRIC_NAME;
        return m.without(withName);
    }

    private void apply(BinaryExpr e, Labels lm, int lOrigin, double lv, Labels rm, int rOrigin, double rv, int sig,
            boolean oneToMany, StepVector out, long ts) {
        VectorMatching matching = e.matching;
        double fl = lv;
        double fr = rv;
        if (oneToMany) {
            fl = rv;
            fr = lv;
        }
        double v = value(e.op, fl, fr);
        boolean keep = keep(e.op, fl, fr);
        if (e.returnBool) {
            v = keep ? 1 : 0;
        }
        boolean dropMetricName = !ev.ctx.delayedNameRemoval && e.returnBool;
        ResultMetric metric = resultMetric(lm, lOrigin, rm, rOrigin, e.op, matching, dropMetricName, oneToMany);
        if (matching.card == VectorMatching.Card.ONE_TO_ONE) {
            if (matchedSigsPresent[sig]) {
                throw new QueryException(ErrorType.EXECUTION,
                        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            }
        } else if (!matchedMetrics.add(((long) metric.id << 32) | (sig & 0xffffffffL))) {
            throw new QueryException(ErrorType.EXECUTION,
                    "multiple matches for labels: grouping labels must ensure unique matches");
        }
        matchedSigsPresent[sig] = true;
        if (!keep && !e.returnBool) {
            return;
        }
        out.add(metric.labels, ts, v, e.returnBool, -1);
    }

    private ResultMetric resultMetric(Labels lhs, int lOrigin, Labels rhs, int rOrigin, BinaryOp op,
            VectorMatching matching, boolean dropMetricName, boolean swapped) {
        // The cache key is the pair of input series; a fill value (origin -1) stands for a side of its own, whose
        // labels are derived from the other series. Rows without any origin are not cached.
        long key = -1;
        if (lOrigin >= 0 || rOrigin >= 0) {
            long l = lOrigin >= 0 ? lOrigin : 0x7fffffffL;
            long r = rOrigin >= 0 ? rOrigin : 0x7fffffffL;
            key = swapped ? (r << 32) | l | Long.MIN_VALUE : (l << 32) | r;
            ResultMetric cached = resultMetrics.get(key);
            if (cached != null) {
                return cached;
            }
        }
        LabelsBuilder b = lhs.toBuilder();
        if (dropMetricName || op.changesMetricSchema()) {
            b.delete(Labels.METRIC_NAME, MetadataLabels.TYPE, MetadataLabels.UNIT);
        }
        if (matching.card == VectorMatching.Card.ONE_TO_ONE) {
            if (matching.on) {
                Labels kept = b.build().keepOnly(matching.matchingLabels.toArray(new String[0]));
                b.reset(kept);
            } else {
                b.delete(matching.matchingLabels.toArray(new String[0]));
            }
        }
        for (String ln : matching.include) {
            String v = rhs.get(ln);
            if (v != null && !v.isEmpty()) {
                b.set(ln, v);
            } else {
                b.delete(ln);
            }
        }
        Labels labels = b.build();
        Integer id = resultMetricIds.get(labels);
        if (id == null) {
            id = resultMetricIds.size();
            resultMetricIds.put(labels, id);
        }
        ResultMetric result = new ResultMetric(labels, id);
        if (key != -1) {
            resultMetrics.put(key, result);
        }
        return result;
    }

}
