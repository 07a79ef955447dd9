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
import java.util.Arrays;
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
        SeriesSource src = SeriesSource.of(ev.ctx.querier.select(false, hints,
                selectors.toArray(new Matcher[0])), ev.ctx.annotations);
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

    /**
     * Adds the data labels per step. Everything keyed by labels is resolved to integer ids before
     * the steps, and each base series keeps the labels it was given with the info series that gave
     * them: a step allocates nothing unless a series' info series change.
     */
    private List<FloatSeries> combine(List<FloatSeries> mat, List<FloatSeries> infoMat, Set<Labels> ignore,
            Map<String, List<Matcher>> dataLabelMatchers) {
        Map<Labels, Integer> sigIds = new HashMap<>();
        int[] infoSig = new int[infoMat.size()];
        Set<String> infoMetrics = new LinkedHashSet<>();
        for (int i = 0; i < infoMat.size(); i++) {
            Labels m = infoMat.get(i).metric;
            String name = m.getOrEmpty(Labels.METRIC_NAME);
            infoMetrics.add(name);
            infoSig[i] = sigIds.computeIfAbsent(signature(name, m), k -> sigIds.size());
        }
        // Per base series: the signatures (as ids) it shares with info metrics, in info metric order.
        int[][] baseSigs = new int[mat.size()][];
        boolean[] ignored = new boolean[mat.size()];
        int longest = 0;
        for (int b = 0; b < mat.size(); b++) {
            Labels bm = mat.get(b).metric;
            ignored[b] = ignore.contains(bm);
            int[] ids = new int[infoMetrics.size()];
            int n = 0;
            for (String name : infoMetrics) {
                Integer id = sigIds.get(signature(name, bm));
                if (id != null) {
                    ids[n++] = id;
                }
            }
            baseSigs[b] = Arrays.copyOf(ids, n);
            longest = Math.max(longest, n);
        }
        boolean matchEmpty = true;
        for (List<Matcher> ms : dataLabelMatchers.values()) {
            for (Matcher m : ms) {
                if (!m.matchesEmpty()) {
                    matchEmpty = false;
                }
            }
        }
        Combiner c = new Combiner(infoMat, infoSig, sigIds.size(), baseSigs, ignored, longest, dataLabelMatchers,
                matchEmpty);
        return ev.rangeEvalMatrices(null, c::step, null, List.of(mat, infoMat));
    }

    /** The per-step state of {@link #combine}. */
    private static final class Combiner {
        private final List<FloatSeries> infoMat;
        private final int[] infoSig;
        private final int[][] baseSigs;
        private final boolean[] ignored;
        private final Map<String, List<Matcher>> dataLabelMatchers;
        private final boolean matchEmpty;
        /** Per signature: the index in the step's info vector of its latest sample, valid if stamped this step. */
        private final int[] latest;
        private final int[] latestStep;
        private int step;
        /** The info series behind a base series' labels at this step, -1 where a signature has none. */
        private final int[] sources;
        /** Per base series: the info series its cached labels came from, and those labels (null: dropped). */
        private final int[][] cachedSources;
        private final Labels[] cachedLabels;
        private final boolean[] cached;

        Combiner(List<FloatSeries> infoMat, int[] infoSig, int sigCount, int[][] baseSigs, boolean[] ignored,
                int longest, Map<String, List<Matcher>> dataLabelMatchers, boolean matchEmpty) {
            this.infoMat = infoMat;
            this.infoSig = infoSig;
            this.baseSigs = baseSigs;
            this.ignored = ignored;
            this.dataLabelMatchers = dataLabelMatchers;
            this.matchEmpty = matchEmpty;
            this.latest = new int[sigCount];
            this.latestStep = new int[sigCount];
            Arrays.fill(latestStep, -1);
            this.sources = new int[longest];
            this.cachedSources = new int[baseSigs.length][];
            for (int b = 0; b < baseSigs.length; b++) {
                cachedSources[b] = new int[baseSigs[b].length];
            }
            this.cachedLabels = new Labels[baseSigs.length];
            this.cached = new boolean[baseSigs.length];
        }

        void step(StepVector[] args, Evaluator.StepState st, StepVector out) {
            StepVector base = args[0];
            StepVector info = args[1];
            if (base.size == 0) {
                return;
            }
            step++;
            for (int i = 0; i < info.size; i++) {
                int sig = infoSig[info.origin[i]];
                if (latestStep[sig] != step) {
                    latestStep[sig] = step;
                    latest[sig] = i;
                    continue;
                }
                int existing = latest[sig];
                // The value of an info sample is the timestamp of the sample it was looked back to.
                long existingT = (long) info.v[existing];
                long t = (long) info.v[i];
                if (existingT < t) {
                    latest[sig] = i;
                } else if (existingT == t) {
                    throw new QueryException(ErrorType.EXECUTION, "found duplicate series for info metric: existing "
                            + info.metric[existing] + " @ " + existingT + ", new " + info.metric[i] + " @ " + t);
                }
            }
            for (int i = 0; i < base.size; i++) {
                int b = base.origin[i];
                if (ignored[b]) {
                    out.addFrom(base, i);
                    continue;
                }
                int[] sigs = baseSigs[b];
                for (int k = 0; k < sigs.length; k++) {
                    sources[k] = latestStep[sigs[k]] == step ? info.origin[latest[sigs[k]]] : -1;
                }
                if (!cached[b] || !Arrays.equals(sources, 0, sigs.length, cachedSources[b], 0, sigs.length)) {
                    cachedLabels[b] = labels(base.metric[i], sigs.length);
                    System.arraycopy(sources, 0, cachedSources[b], 0, sigs.length);
                    cached[b] = true;
                }
                Labels result = cachedLabels[b];
                if (result != null) {
                    out.add(result, st.ts, base.v[i], base.dropName[i], -1);
                }
            }
        }

        /** The base series' labels with the data labels of {@link #sources}; null if none matched and must. */
        private Labels labels(Labels bm, int count) {
            LabelsBuilder lb = new LabelsBuilder();
            boolean seen = false;
            for (int k = 0; k < count; k++) {
                if (sources[k] < 0) {
                    continue;
                }
                Labels im = infoMat.get(sources[k]).metric;
                for (int j = 0; j < im.size(); j++) {
                    String n = im.name(j);
                    if (n.equals(Labels.METRIC_NAME)) {
                        continue;
                    }
                    if (!dataLabelMatchers.isEmpty() && !dataLabelMatchers.containsKey(n)) {
                        continue;
                    }
                    String v = lb.get(n);
                    if (v != null && !v.equals(im.value(j))) {
                        throw new QueryException(ErrorType.EXECUTION, "conflicting label: " + n);
                    }
                    if (bm.has(n)) {
                        continue;
                    }
                    lb.set(n, im.value(j));
                }
                seen = true;
            }
            if (!seen && !matchEmpty) {
                return null;
            }
            LabelsBuilder result = bm.toBuilder();
            Labels infoLabels = lb.build();
            for (int j = 0; j < infoLabels.size(); j++) {
                result.set(infoLabels.name(j), infoLabels.value(j));
            }
            return result.build();
        }
    }
}
