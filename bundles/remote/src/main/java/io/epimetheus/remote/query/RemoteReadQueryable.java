package io.epimetheus.remote.query;

import io.epimetheus.api.config.RemoteReadConfig;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MatchType;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.remote.read.SeriesData;
import io.epimetheus.remote.read.SeriesDataSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Local storage merged with {@code remote_read} endpoints, with Prometheus's rules for when an
 * endpoint is asked:
 *
 * <ul>
 *   <li>{@code read_recent: false} (the default) limits the endpoint to times before the oldest
 *       sample local storage holds, and skips it when the query starts after that;
 *   <li>{@code required_matchers}: the endpoint is asked only when the selector has every one of
 *       them as an equality matcher;
 *   <li>{@code filter_external_labels} (default true): the external labels are sent as equality
 *       matchers, and removed from the series that come back so they merge with local ones.
 * </ul>
 *
 * A failing endpoint does not fail the query: its error becomes a warning, as in Prometheus.
 * Immutable; a configuration change builds a new instance.
 */
public final class RemoteReadQueryable implements Queryable {

    private final Queryable local;
    private final long localMinTime;
    private final List<RemoteReadClient> remotes;
    private final Labels externalLabels;

    RemoteReadQueryable(Queryable local, long localMinTime, List<RemoteReadClient> remotes, Labels externalLabels) {
        this.local = local;
        this.localMinTime = localMinTime;
        this.remotes = remotes;
        this.externalLabels = externalLabels;
    }

    @Override
    public Querier querier(long mint, long maxt) {
        Querier localQuerier = local == null ? null : local.querier(mint, maxt);
        return new Querier() {
            @Override
            public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                List<SeriesSet> sets = new ArrayList<>();
                List<String> warnings = new ArrayList<>();
                boolean anyRemote = false;
                List<SeriesSet> remoteSets = new ArrayList<>();
                for (RemoteReadClient c : remotes) {
                    SeriesSet s = readRemote(c, mint, maxt, hints, matchers, warnings);
                    if (s != null) {
                        remoteSets.add(s);
                        anyRemote = true;
                    }
                }
                if (!anyRemote && warnings.isEmpty()) {
                    return localQuerier == null ? SeriesSet.empty() : localQuerier.select(sorted, hints, matchers);
                }
                if (localQuerier != null) {
                    sets.add(localQuerier.select(true, hints, matchers));
                }
                sets.addAll(remoteSets);
                return new MergeSeriesSet(sets, warnings);
            }

            @Override
            public List<String> labelValues(String name, int limit, Matcher... matchers) {
                return localQuerier == null ? List.of() : localQuerier.labelValues(name, limit, matchers);
            }

            @Override
            public List<String> labelNames(int limit, Matcher... matchers) {
                return localQuerier == null ? List.of() : localQuerier.labelNames(limit, matchers);
            }

            @Override
            public void close() {
                if (localQuerier != null) {
                    localQuerier.close();
                }
            }
        };
    }

    private SeriesSet readRemote(RemoteReadClient c, long mint, long maxt, SelectHints hints, Matcher[] matchers,
            List<String> warnings) {
        RemoteReadConfig cfg = c.config();
        long end = maxt;
        if (!cfg.readRecent()) {
            end = Math.min(maxt, localMinTime);
            if (mint > end) {
                return null;
            }
        }
        if (!hasRequired(cfg.requiredMatchers(), matchers)) {
            return null;
        }
        Matcher[] query = matchers;
        if (cfg.filterExternalLabels() && !externalLabels.isEmpty()) {
            List<Matcher> all = new ArrayList<>(Arrays.asList(matchers));
            for (int i = 0; i < externalLabels.size(); i++) {
                all.add(Matcher.equal(externalLabels.name(i), externalLabels.value(i)));
            }
            query = all.toArray(new Matcher[0]);
        }
        try {
            List<SeriesData> series = c.read(mint, end, hints, query);
            if (cfg.filterExternalLabels() && !externalLabels.isEmpty()) {
                series = stripExternal(series);
            }
            return new SeriesDataSet(series, mint, end, List.of());
        } catch (StorageException e) {
            warnings.add(e.getMessage());
            return null;
        }
    }

    private List<SeriesData> stripExternal(List<SeriesData> series) {
        String[] names = new String[externalLabels.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = externalLabels.name(i);
        }
        List<SeriesData> out = new ArrayList<>(series.size());
        for (SeriesData s : series) {
            out.add(s.withLabels(s.labels().without(names)));
        }
        out.sort((x, y) -> x.labels().compareTo(y.labels()));
        return out;
    }

    static boolean hasRequired(Map<String, String> required, Matcher[] matchers) {
        outer:
        for (Map.Entry<String, String> r : required.entrySet()) {
            for (Matcher m : matchers) {
                if (m.type() == MatchType.EQUAL && m.name().equals(r.getKey()) && m.value().equals(r.getValue())) {
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }
}
