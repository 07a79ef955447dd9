package io.epimetheus.http.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.http.json.ApiJson;
import io.epimetheus.http.json.PromJson;
import io.epimetheus.http.selector.SelectorException;
import io.epimetheus.http.selector.SelectorParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /series}, {@code /labels} and {@code /label/<name>/values}: metadata reads from the
 * queryable Prometheus's API reads too, local storage merged with {@code remote_read} endpoints.
 */
final class SeriesEndpoints {

    private static final Matcher[] NO_MATCHERS = new Matcher[0];

    private SeriesEndpoints() {
    }

    static void series(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        Params p = call.params();
        List<String> match = p.all("match[]");
        if (match.isEmpty()) {
            throw ApiException.badData("no match[] parameter provided");
        }
        int limit = p.limit();
        long start = p.time("start", Params.MIN_TIME);
        long end = p.time("end", Params.MAX_TIME);
        List<Matcher[]> sets;
        try {
            sets = matcherSets(match);
        } catch (ApiException e) {
            throw ApiException.invalidParam("match[]", e.getMessage());
        }
        Queryable storage = call.services().requireQueryable();
        // Sorted and de-duplicated across match[] sets, as Prometheus's merge of sorted sets.
        Set<Labels> found = new TreeSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        boolean truncated = false;
        SelectHints hints = new SelectHints(start, end, 0, "series", 0, null, false, limit > 0 ? limit + 1 : 0);
        try (Querier q = storage.querier(start, end)) {
            for (Matcher[] set : sets) {
                SeriesSet ss = q.select(true, hints, set);
                while (ss.next()) {
                    found.add(ss.labels());
                }
                warnings.addAll(ss.warnings());
            }
        } catch (StorageException e) {
            throw QueryEndpoints.storageError(e);
        }
        if (limit > 0 && found.size() > limit) {
            truncated = true;
            warnings.add(QueryEndpoints.TRUNCATED);
        }
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartArray();
            int written = 0;
            for (Labels l : found) {
                if (truncated && written == limit) {
                    break;
                }
                PromJson.labels(g, l);
                written++;
            }
            g.writeEndArray();
            ApiJson.endSuccess(g, List.copyOf(warnings), List.of());
        }
    }

    static void labelNames(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        writeDistinct(call, resp, (q, limit, set) -> q.labelNames(limit, set));
    }

    static void labelValues(ApiCall call, HttpServletResponse resp) throws ApiException, IOException {
        String name = unescapeName(call.pathParam());
        if (!Labels.isValidLabelName(name)) {
            throw ApiException.badData("invalid label name: " + GoQuote.quote(name));
        }
        writeDistinct(call, resp, (q, limit, set) -> q.labelValues(name, limit, set));
    }

    /** One lookup of label names or of a label's values over the series matching {@code set} (all when empty). */
    @FunctionalInterface
    private interface StringLookup {
        List<String> find(Querier q, int limit, Matcher[] set);
    }

    /**
     * Answers {@code /labels} and {@code /label/<name>/values}: the distinct strings {@code lookup}
     * finds over {@code start..end} for each {@code match[]} set (over all series without one),
     * sorted, cut to {@code limit} with a warning when there were more.
     */
    private static void writeDistinct(ApiCall call, HttpServletResponse resp, StringLookup lookup)
            throws ApiException, IOException {
        Params p = call.params();
        int limit = p.limit();
        long start = p.time("start", Params.MIN_TIME);
        long end = p.time("end", Params.MAX_TIME);
        List<Matcher[]> sets = matcherSets(p.all("match[]"));
        Queryable storage = call.services().requireQueryable();
        int hintLimit = limit > 0 ? limit + 1 : 0;
        Set<String> found = new TreeSet<>(Labels::compareStrings);
        try (Querier q = storage.querier(start, end)) {
            if (sets.isEmpty()) {
                found.addAll(lookup.find(q, hintLimit, NO_MATCHERS));
            }
            for (Matcher[] set : sets) {
                found.addAll(lookup.find(q, hintLimit, set));
            }
        } catch (StorageException e) {
            throw QueryEndpoints.storageError(e);
        }
        writeStrings(resp, found, limit);
    }

    private static void writeStrings(HttpServletResponse resp, Set<String> values, int limit) throws IOException {
        List<String> warnings = limit > 0 && values.size() > limit ? List.of(QueryEndpoints.TRUNCATED) : List.of();
        try (JsonGenerator g = ApiJson.startSuccess(resp)) {
            g.writeStartArray();
            int written = 0;
            for (String v : values) {
                if (limit > 0 && written == limit) {
                    break;
                }
                g.writeString(v);
                written++;
            }
            g.writeEndArray();
            ApiJson.endSuccess(g, warnings, List.of());
        }
    }

    /**
     * Parses {@code match[]} selectors; each set must have a matcher that does not match the empty
     * string, as Prometheus requires.
     */
    static List<Matcher[]> matcherSets(List<String> selectors) throws ApiException {
        List<Matcher[]> sets = new ArrayList<>(selectors.size());
        for (String s : selectors) {
            List<Matcher> ms;
            try {
                ms = SelectorParser.parse(s);
            } catch (SelectorException e) {
                throw ApiException.badData(e.getMessage());
            }
            sets.add(ms.toArray(new Matcher[0]));
        }
        for (Matcher[] set : sets) {
            boolean nonEmpty = false;
            for (Matcher m : set) {
                nonEmpty |= !m.matchesEmpty();
            }
            if (!nonEmpty) {
                throw ApiException.badData("match[] must contain at least one non-empty matcher");
            }
        }
        return sets;
    }

    /**
     * Undoes Prometheus's value-encoding escaping of label names in URL paths: {@code U__} then
     * {@code _hex_} for escaped code points and {@code __} for an underscore. Other names pass through.
     */
    static String unescapeName(String name) {
        if (!name.startsWith("U__")) {
            return name;
        }
        String s = name.substring(3);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '_') {
                sb.append(c);
                continue;
            }
            if (i + 1 < s.length() && s.charAt(i + 1) == '_') {
                sb.append('_');
                i++;
                continue;
            }
            int close = s.indexOf('_', i + 1);
            if (close < 0) {
                return name;
            }
            try {
                int cp = Integer.parseInt(s, i + 1, close, 16);
                if (!Character.isValidCodePoint(cp)) {
                    return name;
                }
                sb.appendCodePoint(cp);
            } catch (NumberFormatException e) {
                return name;
            }
            i = close;
        }
        return sb.toString();
    }
}
