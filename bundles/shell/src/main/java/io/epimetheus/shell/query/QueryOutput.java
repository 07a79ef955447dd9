package io.epimetheus.shell.query;

import io.epimetheus.api.model.FloatFormat;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.api.query.Sample;
import io.epimetheus.api.query.Scalar;
import io.epimetheus.api.query.Series;
import io.epimetheus.api.query.StringValue;
import io.epimetheus.api.query.Vector;
import io.epimetheus.api.storage.Storage;
import io.epimetheus.shell.MissingService;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import org.apache.karaf.shell.support.table.ShellTable;

/** Time arguments and result tables shared by the query commands. */
final class QueryOutput {

    private QueryOutput() {
    }

    /**
     * A time argument as the HTTP API accepts it: RFC 3339 ({@code 2024-01-01T00:00:00Z}) or Unix
     * seconds with an optional fraction ({@code 1704067200.5}); {@code now} for the current time.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static long parseTime(String s, long now) {
        String t = s.trim();
        if (t.equals("now")) {
            return now;
        }
        try {
            return new BigDecimal(t).movePointRight(3).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            try {
                return Instant.parse(t).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("cannot parse \"" + s
                        + "\" as a time: use RFC 3339 (2024-01-01T00:00:00Z), Unix seconds or now", e2);
            }
        }
    }

    /** A millisecond timestamp as Unix seconds with milliseconds, the way the HTTP API shows it. */
    static String time(long millis) {
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }

    static void print(QueryResult r, PrintStream out) {
        if (r.value() instanceof Vector v) {
            ShellTable t = new ShellTable();
            t.column("Series");
            t.column("Value").alignRight();
            for (Sample s : v.samples()) {
                t.addRow().addContent(s.metric().toString(), FloatFormat.formatF(s.v()));
            }
            t.print(out);
            out.println(v.samples().size() + " series" + (v.samples().isEmpty() ? ""
                    : " at " + time(v.samples().get(0).t())));
        } else if (r.value() instanceof Matrix m) {
            ShellTable t = new ShellTable();
            t.column("Series");
            t.column("Time").alignRight();
            t.column("Value").alignRight();
            for (Series s : m.series()) {
                for (int i = 0; i < s.count(); i++) {
                    t.addRow().addContent(i == 0 ? s.metric().toString() : "", time(s.timestamps()[i]),
                            FloatFormat.formatF(s.values()[i]));
                }
            }
            t.print(out);
            out.println(m.series().size() + " series");
        } else if (r.value() instanceof Scalar s) {
            out.println(FloatFormat.formatF(s.v()) + " (scalar at " + time(s.t()) + ")");
        } else if (r.value() instanceof StringValue s) {
            out.println(s.v() + " (string at " + time(s.t()) + ")");
        }
        for (String w : r.warnings()) {
            out.println("Warning: " + w);
        }
        for (String i : r.infos()) {
            out.println("Info: " + i);
        }
    }

    /** Whether the engine or the storage a query needs is missing; then the user is told which feature provides it. */
    static boolean unavailable(QueryEngine engine, Storage storage) {
        if (engine == null) {
            MissingService.report("QueryEngine", "epimetheus-promql");
        } else if (storage == null) {
            MissingService.report("Storage", "epimetheus-tsdb");
        }
        return engine == null || storage == null;
    }

    /** Creates, runs and prints a query; its errors, parse errors included, go to stderr with their type. */
    static void run(Supplier<Query> query) {
        try (Query q = query.get()) {
            print(q.execute(), System.out);
        } catch (QueryException e) {
            System.err.println("Error (" + e.type().json() + "): " + e.getMessage());
        }
    }
}
