package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.MatchType;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.promql.ast.AstWalk;
import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.SubqueryExpr;
import io.epimetheus.promql.ast.VectorSelector;
import io.epimetheus.promql.value.FloatSeries;
import io.epimetheus.promql.value.StepVector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The experimental {@code info(v, {selector})} function: adds to each series the data labels of
 * the info metrics ({@code target_info} by default) that share its identifying labels
 * ({@code instance} and {@code job}), as Prometheus does.
 */
final class InfoFunction {

    private static final String TARGET_INFO = "target_info";
    private static final String[] IDENTIFYING_LABELS = {"instance", "job"};

    private final Evaluator ev;

    InfoFunction(Evaluator ev) {
        this.ev = ev;
    }

    List<FloatSeries> eval(Call call) {
        Expr base = call.args.get(0);
        Long[] nodeTimestamp = {null};
        long[] offsetNanos = {0};
        AstWalk.inspect(base, (node, path) -> {
            if (!(node instanceof VectorSelector vs)) {
                return true;
            }
            nodeTimestamp[0] = vs.timestamp;
            offsetNanos[0] = vs.originalOffsetNanos;
            for (int i = path.size() - 1; nodeTimestamp[0] == null && i >= 0; i--) {
                if (path.get(i) instanceof SubqueryExpr sq) {
                    offsetNanos[0] += sq.originalOffsetNanos;
                    nodeTimestamp[0] = sq.timestamp;
                }
            }
            return false;
        });
        List<FloatSeries> mat = ev.eval(base);

        Map<String, List<Matcher>> dataLabelMatchers = new LinkedHashMap<>();
        List<Matcher> infoNameMatchers = new ArrayList<>();
        if (call.args.size() > 1) {
            for (Matcher m : ((VectorSelector) call.args.get(1)).matchers) {
                dataLabelMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
                if (m.name().equals(Labels.METRIC_NAME)) {
                    infoNameMatchers.add(m);
                }
            }
        } else {
            infoNameMatchers.add(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
        }
        List<Matcher> effectiveNameMatchers = effectiveNameMatchers(infoNameMatchers);
        Set<Labels> ignore = new HashSet<>();
        for (FloatSeries s : mat) {
            String name = s.metric.getOrEmpty(Labels.METRIC_NAME);
            boolean all = true;
            for (Matcher m : effectiveNameMatchers) {
                if (!m.matches(name)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                ignore.add(s.metric);
            }
        }
        List<FloatSeries> infoSeries = fetchInfoSeries(mat, ignore, dataLabelMatchers, nodeTimestamp[0], offsetNanos[0]);
        return combine(mat, infoSeries, ignore, dataLabelMatchers);
    }

    private static List<Matcher> effectiveNameMatchers(List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (m.type() == MatchType.EQUAL || m.type() == MatchType.REGEX) {
                return matchers;
            }
        }
        if (!matchers.isEmpty()) {
            List<Matcher> out = new ArrayList<>();
            out.add(Matcher.regex(Labels.METRIC_NAME, ".+_info"));
            out.addAll(matchers);
            return out;
        }
        return List.of(Matcher.equal(Labels.METRIC_NAME, TARGET_INFO));
    }

    /** The info series sharing identifying labels with the base series, valued with their samples' timestamps. */
    private List<FloatSeries> fetchInfoSeries(List<FloatSeries> mat, Set<Labels> ignore,
            Map<String, List<Matcher>> dataLabelMatchers, Long atTimestamp, long offsetNanos) {
        Map<String, Set<String>> idValues = new LinkedHashMap<>();
        for (FloatSeries s : mat) {
            if (ignore.contains(s.metric)) {
                continue;
            }
            for (String l : IDENTIFYING_LABELS) {
                String v = s.metric.getOrEmpty(l);
                if (!v.isEmpty()) {
                    idValues.computeIfAbsent(l, k -> new LinkedHashSet<>()).add(v);
                }
            }
        }
        List<Matcher> nameMatchers = new ArrayList<>();
        List<Matcher> selectors = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : idValues.entrySet()) {
            StringBuilder sb = new StringBuilder();
            for (String v : e.getValue()) {
                if (!sb.isEmpty()) {
                    sb.append('|');
                }
                sb.append(quoteMeta(v));
            }
            selectors.add(Matcher.regex(e.getKey(), sb.toString()));
        }
        for (List<Matcher> ms : dataLabelMatchers.values()) {
            for (Matcher m : ms) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    nameMatchers.add(m);
                } else {
                    selectors.add(m);
                }
            }
        }
        dataLabelMatchers.remove(Labels.METRIC_NAME);
        if (idValues.isEmpty()) {
            return List.of();
        }
        selectors.addAll(effectiveNameMatchers(nameMatchers));

        long offset = offsetNanos / 1_000_000;
        long s = atTimestamp != null ? atTimestamp : ev.start;
        long e = atTimestamp != null ? atTimestamp : ev.end;
        SelectHints hints = new SelectHints(s - ev.ctx.lookbackMillis + 1 - offset, e - offset,
                ev.instant() ? 0 : ev.interval, "info", 0, null, false, 0);
        SeriesSource src = SeriesSource.of(ev.ctx.querier.select(ev.ctx.sortedSelects, hints,
                selectors.toArray(new Matcher[0])));
        LookbackCursor cursor = new LookbackCursor();
        List<FloatSeries> result = new ArrayList<>();
        while (src.next()) {
            cursor.reset(src.iterator());
            FloatSeries out = null;
            for (long ts = ev.start; ts <= ev.end; ts += ev.interval) {
                long ref = (atTimestamp != null ? atTimestamp : ts) - offset;
                if (!cursor.at(ref, ev.ctx.lookbackMillis)) {
                    continue;
                }
                ev.ctx.budget.add(1);
                if (out == null) {
                    out = new FloatSeries(src.labels(), false, ev.numSteps());
                }
                // Info metrics are 1 by convention: the value carries the sample's own timestamp instead.
                out.add(ts, cursor.t);
            }
            if (out != null) {
                result.add(out);
            }
        }
        return result;
    }

    /** Go's {@code regexp.QuoteMeta}. */
    private static String quoteMeta(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static Labels signature(String infoName, Labels l) {
        LabelsBuilder b = new LabelsBuilder();
        b.set(Labels.METRIC_NAME, infoName);
        for (String id : IDENTIFYING_LABELS) {
            String v = l.get(id);
            if (v != null) {
                b.set(id, v);
            }
        }
        return b.build();
    }

    private List<FloatSeries> combine(List<FloatSeries> mat, List<FloatSeries> infoMat, Set<Labels> ignore,
            Map<String, List<Matcher>> dataLabelMatchers) {
        Set<String> infoMetrics = new LinkedHashSet<>();
        for (FloatSeries s : infoMat) {
            infoMetrics.add(s.metric.getOrEmpty(Labels.METRIC_NAME));
        }
        List<Map<String, Labels>> baseSigs = new ArrayList<>(mat.size());
        for (FloatSeries s : mat) {
            Map<String, Labels> sigs = new LinkedHashMap<>();
            for (String name : infoMetrics) {
                sigs.put(name, signature(name, s.metric));
            }
            baseSigs.add(sigs);
        }
        Labels[] infoSigs = new Labels[infoMat.size()];
        for (int i = 0; i < infoMat.size(); i++) {
            Labels m = infoMat.get(i).metric;
            infoSigs[i] = signature(m.getOrEmpty(Labels.METRIC_NAME), m);
        }
        boolean allMatchEmpty = true;
        for (List<Matcher> ms : dataLabelMatchers.values()) {
            for (Matcher m : ms) {
                if (!m.matchesEmpty()) {
                    allMatchEmpty = false;
                }
            }
        }
        boolean matchEmpty = allMatchEmpty;
        Map<Labels, Integer> bySig = new HashMap<>();
        return ev.rangeEvalMatrices(null, (args, st, out) -> {
            StepVector base = args[0];
            StepVector info = args[1];
            if (base.size == 0) {
                return;
            }
            bySig.clear();
            for (int i = 0; i < info.size; i++) {
                Labels sig = infoSigs[info.origin[i]];
                Integer existing = bySig.get(sig);
                if (existing != null) {
                    long existingT = (long) info.v[existing];
                    long t = (long) info.v[i];
                    if (existingT < t) {
                        bySig.put(sig, i);
                    } else if (existingT == t) {
                        throw new QueryException(ErrorType.EXECUTION, "found duplicate series for info metric: existing "
                                + info.metric[existing] + " @ " + existingT + ", new " + info.metric[i] + " @ " + t);
                    }
                } else {
                    bySig.put(sig, i);
                }
            }
            for (int i = 0; i < base.size; i++) {
                Labels bm = base.metric[i];
                if (ignore.contains(bm)) {
                    out.addFrom(base, i);
                    continue;
                }
                LabelsBuilder lb = new LabelsBuilder();
                boolean seen = false;
                for (Labels sig : baseSigs.get(base.origin[i]).values()) {
                    Integer idx = bySig.get(sig);
                    if (idx == null) {
                        continue;
                    }
                    Labels im = info.metric[idx];
                    for (int k = 0; k < im.size(); k++) {
                        String n = im.name(k);
                        if (n.equals(Labels.METRIC_NAME)) {
                            continue;
                        }
                        if (!dataLabelMatchers.isEmpty() && !dataLabelMatchers.containsKey(n)) {
                            continue;
                        }
                        String v = lb.get(n);
                        if (v != null && !v.equals(im.value(k))) {
                            throw new QueryException(ErrorType.EXECUTION, "conflicting label: " + n);
                        }
                        if (bm.has(n)) {
                            continue;
                        }
                        lb.set(n, im.value(k));
                    }
                    seen = true;
                }
                if (!seen && !matchEmpty) {
                    continue;
                }
                LabelsBuilder result = bm.toBuilder();
                Labels infoLabels = lb.build();
                for (int k = 0; k < infoLabels.size(); k++) {
                    result.set(infoLabels.name(k), infoLabels.value(k));
                }
                out.add(result.build(), st.ts, base.v[i], base.dropName[i], -1);
            }
        }, null, List.of(mat, infoMat));
    }
}
