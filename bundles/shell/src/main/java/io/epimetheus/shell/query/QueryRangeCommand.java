package io.epimetheus.shell.query;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.storage.Storage;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code epi:query-range <expr>}: a range query, as {@code /api/v1/query_range}, printed as a table. */
@Service
@Command(scope = "epi", name = "query-range", description = "Evaluates a PromQL expression over a time range")
public class QueryRangeCommand implements Action {

    @Reference(optional = true)
    QueryEngine engine;

    @Reference(optional = true)
    Storage storage;

    @Argument(index = 0, name = "expr", description = "The PromQL expression (quote it)", required = true)
    String expr;

    @Option(name = "--start", aliases = "-s", description = "Start: RFC 3339, Unix seconds or now (default end - 1h)")
    String start;

    @Option(name = "--end", aliases = "-e", description = "End: RFC 3339, Unix seconds or now (default now)")
    String end = "now";

    @Option(name = "--step", description = "Resolution as a duration, e.g. 15s (default: the range / 250, at least 1s)")
    String step;

    @Override
    public Object execute() {
        if (QueryOutput.unavailable(engine, storage)) {
            return null;
        }
        long now = System.currentTimeMillis();
        long e;
        long s;
        long st;
        try {
            e = QueryOutput.parseTime(end, now);
            s = start == null ? e - 3_600_000 : QueryOutput.parseTime(start, now);
            st = step == null ? Math.max((e - s) / 250 / 1000 * 1000, 1000) : PromDuration.parse(step.trim());
        } catch (IllegalArgumentException ex) {
            System.err.println("Error: " + ex.getMessage());
            return null;
        }
        QueryOutput.run(() -> engine.rangeQuery(storage, expr, s, e, st, QueryOptions.DEFAULTS));
        return null;
    }
}
