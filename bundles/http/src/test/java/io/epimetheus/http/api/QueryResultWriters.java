package io.epimetheus.http.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.epimetheus.api.query.QueryStats;
import io.epimetheus.api.query.QueryValue;
import java.io.IOException;

/** Gives the benchmarks the package-private result writer. */
public final class QueryResultWriters {

    private QueryResultWriters() {
    }

    public static void write(JsonGenerator g, QueryValue value, int limit, QueryStats stats) throws IOException {
        new QueryResultWriter().write(g, value, limit, stats);
    }
}
