package io.epimetheus.shell.query;

import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.storage.Storage;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code epi:query <expr>}: an instant query, as {@code /api/v1/query}, printed as a table. */
@Service
@Command(scope = "epi", name = "query", description = "Evaluates a PromQL expression at one point in time")
public class QueryCommand implements Action {

    @Reference(optional = true)
    QueryEngine engine;

    @Reference(optional = true)
    Storage storage;

    @Argument(index = 0, name = "expr", description = "The PromQL expression (quote it)", required = true)
    String expr;

    @Option(name = "--time", aliases = "-t",
            description = "Evaluation time: RFC 3339, Unix seconds or now (default now)")
    String time = "now";

    @Override
    public Object execute() {
        if (QueryOutput.unavailable(engine, storage)) {
            return null;
        }
        long t;
        try {
            t = QueryOutput.parseTime(time, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            System.err.println("Error: --time: " + e.getMessage());
            return null;
        }
        QueryOutput.run(() -> engine.instantQuery(storage, expr, t, QueryOptions.DEFAULTS));
        return null;
    }
}
