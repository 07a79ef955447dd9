package io.epimetheus.http.federate;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.model.MetricType;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.expfmt.ExpositionFormat;
import io.epimetheus.expfmt.ExpositionWriter;
import io.epimetheus.http.response.PlainText;
import io.epimetheus.http.selector.SelectorException;
import io.epimetheus.http.selector.SelectorParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Prometheus's federation: for each series matching any {@code match[]} selector, the newest
 * sample within the lookback window before now (skipping staleness markers), grouped by metric
 * name as untyped families, each with its timestamp, and with the external labels the series does
 * not carry itself. Unless the external labels set one, a series without {@code instance} gets
 * {@code instance=""}, so that the federating Prometheus (with {@code honor_labels: true}) keeps it
 * without an instance rather than adding the target's. Always the text format: Prometheus's
 * federation never negotiates OpenMetrics.
 *
 * <p>One difference remains: Prometheus writes the external labels (and {@code instance=""}) after
 * the series' own labels, while the writer here merges them in name order; parsers read both alike.
 */
final class Federation {

    private static final String INSTANCE = "instance";
    private static final List<String> EMPTY_INSTANCE = List.of(INSTANCE);

    private Federation() {
    }

    private record Point(Labels labels, long t, double v) {
    }

    static void serve(HttpServletRequest req, HttpServletResponse resp, Storage storage, Labels externalLabels,
            long lookbackMillis, long now) throws IOException {
        String[] match = req.getParameterValues("match[]");
        List<Matcher[]> sets = new ArrayList<>();
        if (match != null) {
            for (String m : match) {
                try {
                    sets.add(SelectorParser.parse(m).toArray(new Matcher[0]));
                } catch (SelectorException e) {
                    PlainText.write(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage() + "\n");
                    return;
                }
            }
        }
        long mint = now - lookbackMillis;
        // Sorted by metric name, then labels: one family per name, series de-duplicated across sets.
        Map<Labels, Point> points = new TreeMap<>((a, b) -> {
            int c = Labels.compareStrings(a.getOrEmpty(Labels.METRIC_NAME), b.getOrEmpty(Labels.METRIC_NAME));
            return c != 0 ? c : a.compareTo(b);
        });
        try (Querier q = storage.querier(mint, now)) {
            SelectHints hints = SelectHints.range(mint, now);
            SampleIterator it = null;
            for (Matcher[] set : sets) {
                SeriesSet ss = q.select(true, hints, set);
                while (ss.next()) {
                    Labels l = ss.labels();
                    if (points.containsKey(l)) {
                        continue;
                    }
                    it = ss.iterator(it);
                    boolean found = false;
                    long t = 0;
                    double v = 0;
                    for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
                        if (vt == ValueType.FLOAT && it.t() <= now) {
                            found = true;
                            t = it.t();
                            v = it.v();
                        }
                    }
                    if (found && !StaleNaN.is(v)) {
                        points.put(l, new Point(l, t, v));
                    }
                }
            }
        } catch (StorageException e) {
            PlainText.write(resp, e.isRetryable() ? HttpServletResponse.SC_SERVICE_UNAVAILABLE
                    : HttpServletResponse.SC_INTERNAL_SERVER_ERROR, e.getMessage() + "\n");
            return;
        }
        ExpositionFormat format = ExpositionFormat.PROMETHEUS_TEXT;
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(format.contentType());
        ExpositionWriter w = format.newWriter().reset(resp.getOutputStream());
        List<String> empty = externalLabels.has(INSTANCE) ? List.of() : EMPTY_INSTANCE;
        LabelsBuilder b = new LabelsBuilder();
        String family = null;
        for (Point p : points.values()) {
            String name = p.labels().metricName();
            if (name == null) {
                continue;
            }
            if (!name.equals(family)) {
                w.family(name, MetricType.UNKNOWN, "", "");
                family = name;
            }
            b.reset(p.labels());
            b.delete(Labels.METRIC_NAME);
            for (int i = 0; i < externalLabels.size(); i++) {
                if (!p.labels().has(externalLabels.name(i))) {
                    b.set(externalLabels.name(i), externalLabels.value(i));
                }
            }
            w.sample(name, b.build(), empty, p.v(), p.t());
        }
        w.finish();
    }
}
