package io.epimetheus.promql.testing;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.api.query.QueryValue;
import io.epimetheus.api.query.Sample;
import io.epimetheus.api.query.Scalar;
import io.epimetheus.api.query.Series;
import io.epimetheus.api.query.StringValue;
import io.epimetheus.api.query.Vector;
import io.epimetheus.promql.ast.AstWalk;
import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.MatrixSelector;
import io.epimetheus.promql.ast.SubqueryExpr;
import io.epimetheus.promql.ast.VectorSelector;
import io.epimetheus.promql.functions.Almost;
import io.epimetheus.promql.functions.FunctionTable;
import io.epimetheus.promql.parse.Parser;
import io.epimetheus.promql.parse.ParserOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs the commands of a {@link TestScript} against a query engine and an in-memory storage the
 * way Prometheus's promqltest does, including its extra checks of instant evaluations: the same
 * result with every selector pinned by {@code @} at five evaluation times, and in range mode.
 */
public final class ScriptRunner {

    private static final double EPSILON = 0.000001;
    private static final Pattern QUERY_CONTEXT_FUNCTIONS = Pattern.compile("(start|end|range|step)\\(\\)");

    private final QueryEngine engine;
    /** Unsorted selects get series in creation order, as from the head Prometheus runs its scripts on. */
    private final MemoryStorage storage = new MemoryStorage(true);

    public ScriptRunner(QueryEngine engine) {
        this.engine = engine;
    }

    /** Loads data or clears the storage. */
    public void apply(TestScript.Command cmd) {
        if (cmd instanceof TestScript.Clear) {
            storage.clear();
        } else if (cmd instanceof TestScript.Load load) {
            for (SeriesDescription d : load.series().values()) {
                List<SeriesDescription.Value> values = d.values();
                for (int k = 0; k < values.size(); k++) {
                    SeriesDescription.Value v = values.get(k);
                    if (!v.omitted() && !v.histogram()) {
                        storage.add(d.labels(), k * load.stepMillis(), v.value());
                    }
                }
            }
        }
    }

    /**
     * Runs an eval command.
     *
     * @return null if it passed, else what went wrong
     */
    public String run(TestScript.Eval cmd) {
        try {
            if (cmd.range) {
                return runRange(cmd);
            }
            List<Object[]> queries = new ArrayList<>();
            queries.add(new Object[] {cmd.expr, cmd.evalTime});
            queries.addAll(atModifierVariants(cmd.expr, cmd.evalTime));
            for (Object[] q : queries) {
                String err = runInstant(cmd, (String) q[0], (Long) q[1]);
                if (err != null) {
                    return err;
                }
            }
            return null;
        } catch (RuntimeException e) {
            return "unexpected exception: " + e;
        }
    }

    private String runRange(TestScript.Eval cmd) {
        Query q;
        try {
            q = engine.rangeQuery(storage, cmd.expr, cmd.start, cmd.end, cmd.step, QueryOptions.DEFAULTS);
        } catch (QueryException e) {
            if (cmd.fail && checkFailure(cmd, e) == null) {
                return null;
            }
            return "error creating range query: " + e.getMessage();
        }
        QueryResult res;
        try {
            res = q.execute();
        } catch (QueryException e) {
            if (cmd.fail) {
                return checkFailure(cmd, e);
            }
            return "error evaluating query: " + e.getMessage();
        }
        if (cmd.fail) {
            return "expected error evaluating query but got none";
        }
        String err = checkAnnotations(cmd, res);
        if (err != null) {
            return err;
        }
        return compare(cmd, res.value());
    }

    private String runInstant(TestScript.Eval cmd, String expr, long evalTime) {
        Query q;
        try {
            q = engine.instantQuery(storage, expr, evalTime, QueryOptions.DEFAULTS);
        } catch (QueryException e) {
            if (cmd.fail && checkFailure(cmd, e) == null) {
                return null;
            }
            return "error creating instant query for " + expr + ": " + e.getMessage();
        }
        QueryResult res;
        try {
            res = q.execute();
        } catch (QueryException e) {
            if (cmd.fail) {
                return checkFailure(cmd, e);
            }
            return "error evaluating query " + expr + " at " + evalTime + ": " + e.getMessage();
        }
        if (cmd.fail) {
            return "expected error evaluating query " + expr + " but got none";
        }
        String err = checkAnnotations(cmd, res);
        if (err != null) {
            return err + " (query " + expr + ")";
        }
        err = compare(cmd, res.value());
        if (err != null) {
            return "query " + expr + " at " + evalTime + ": " + err;
        }
        if (cmd.excludeFromRangeQuery || QUERY_CONTEXT_FUNCTIONS.matcher(expr).find()) {
            return null;
        }
        QueryResult rangeRes;
        try {
            rangeRes = engine.rangeQuery(storage, expr, evalTime - 60_000, evalTime + 60_000, 60_000,
                    QueryOptions.DEFAULTS).execute();
        } catch (QueryException e) {
            return "error evaluating query " + expr + " in range mode: " + e.getMessage();
        }
        if (cmd.ordered) {
            return null;
        }
        Matrix mat = (Matrix) rangeRes.value();
        err = assertSorted(mat);
        if (err != null) {
            return err;
        }
        List<Sample> vec = new ArrayList<>();
        for (Series s : mat.series()) {
            for (int i = 0; i < s.count(); i++) {
                if (s.timestamps()[i] == evalTime) {
                    vec.add(new Sample(s.metric(), evalTime, s.values()[i]));
                    break;
                }
            }
        }
        QueryValue asInstant = res.value() instanceof Scalar ? new Scalar(evalTime, vec.get(0).v()) : new Vector(vec);
        err = compare(cmd, asInstant);
        return err == null ? null : "query " + expr + " in range mode: " + err;
    }

    /** The query with every selector and subquery pinned to the evaluation time, at five other times. */
    private static List<Object[]> atModifierVariants(String exprStr, long ts) {
        Expr expr = Parser.parseExpr(exprStr, ParserOptions.ALL);
        boolean[] unsafe = {false};
        AstWalk.inspect(expr, (node, path) -> {
            for (Expr p : path) {
                if (p instanceof SubqueryExpr s && s.timestamp != null) {
                    return true;
                }
            }
            if (node instanceof VectorSelector vs && vs.timestamp == null) {
                vs.timestamp = ts;
            } else if (node instanceof MatrixSelector m && m.vectorSelector.timestamp == null) {
                m.vectorSelector.timestamp = ts;
            } else if (node instanceof SubqueryExpr s && s.timestamp == null) {
                s.timestamp = ts;
            } else if (node instanceof Call c && FunctionTable.AT_MODIFIER_UNSAFE.contains(c.func.name())) {
                unsafe[0] = true;
            }
            return true;
        });
        List<Object[]> out = new ArrayList<>();
        if (unsafe[0]) {
            return out;
        }
        String pinned = expr.toString();
        long[] times = ts == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * ts, 0, ts / 5, ts, 10 * ts};
        for (long t : times) {
            out.add(new Object[] {pinned, t});
        }
        return out;
    }

    private static String checkFailure(TestScript.Eval cmd, QueryException e) {
        if (cmd.failMatcher != null && !cmd.failMatcher.matches(e.getMessage())) {
            return "expected error matching " + cmd.failMatcher + " but got: " + e.getMessage();
        }
        return null;
    }

    private static String checkAnnotations(TestScript.Eval cmd, QueryResult res) {
        if (cmd.warn && res.warnings().isEmpty()) {
            return "expected warnings but got none";
        }
        if (cmd.info && res.infos().isEmpty()) {
            return "expected info annotations but got none";
        }
        String err = checkExpected("warn", cmd.warns, res.warnings());
        if (err == null) {
            err = checkExpected("info", cmd.infos, res.infos());
        }
        if (err != null) {
            return err;
        }
        if (cmd.noWarn && !res.warnings().isEmpty()) {
            return "unexpected warning annotations: " + res.warnings();
        }
        if (cmd.noInfo && !res.infos().isEmpty()) {
            return "unexpected info annotations: " + res.infos();
        }
        return null;
    }

    private static String checkExpected(String type, List<TestScript.TextMatcher> expected, List<String> actual) {
        if (expected.isEmpty()) {
            return null;
        }
        if (actual.isEmpty()) {
            return "expected " + type + " annotations but none were found";
        }
        for (TestScript.TextMatcher e : expected) {
            if (actual.stream().noneMatch(e::matches)) {
                return "expected " + type + " annotation matching " + e + " but found: " + actual;
            }
        }
        for (String a : actual) {
            if (expected.stream().noneMatch(e -> e.matches(a))) {
                return "unexpected " + type + " annotation " + a;
            }
        }
        return null;
    }

    private static String assertSorted(Matrix m) {
        List<Series> s = m.series();
        for (int i = 0; i + 1 < s.size(); i++) {
            if (s.get(i).metric().compareTo(s.get(i + 1).metric()) > 0) {
                return "matrix results should always be sorted by labels, but " + s.get(i + 1).metric()
                        + " comes after " + s.get(i).metric();
            }
        }
        return null;
    }

    private static String compare(TestScript.Eval cmd, QueryValue value) {
        Map<Labels, TestScript.ExpectedSeries> expected = cmd.expected;
        if (value instanceof Matrix m) {
            if (cmd.ordered) {
                return "expected ordered result, but query returned a matrix";
            }
            if (cmd.expectScalar) {
                return "expected scalar result, but got matrix";
            }
            String err = assertSorted(m);
            if (err != null) {
                return err;
            }
            Set<Labels> seen = new HashSet<>();
            for (Series s : m.series()) {
                TestScript.ExpectedSeries exp = expected.get(s.metric());
                if (exp == null) {
                    return "unexpected metric " + s.metric() + " in result, has " + format(s);
                }
                seen.add(s.metric());
                List<long[]> times = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                int histograms = 0;
                for (int i = 0; i < exp.values().size(); i++) {
                    long ts = cmd.start + i * cmd.step;
                    if (ts > cmd.end) {
                        return "expected " + exp.values().size() + " points for " + s.metric()
                                + ", but query time range cannot return this many points";
                    }
                    SeriesDescription.Value v = exp.values().get(i);
                    if (v.histogram()) {
                        histograms++;
                    } else if (!v.omitted()) {
                        times.add(new long[] {ts});
                        values.add(v.value());
                    }
                }
                if (times.size() != s.count() || histograms != 0) {
                    return "expected " + times.size() + " float points and " + histograms + " histogram points for "
                            + s.metric() + ", but got " + format(s);
                }
                for (int i = 0; i < times.size(); i++) {
                    if (times.get(i)[0] != s.timestamps()[i]) {
                        return "expected float value at index " + i + " for " + s.metric() + " to have timestamp "
                                + times.get(i)[0] + ", but it had timestamp " + s.timestamps()[i] + " (result has "
                                + format(s) + ")";
                    }
                    if (!almostEqual(s.values()[i], values.get(i))) {
                        return "expected float value at index " + i + " (t=" + s.timestamps()[i] + ") for " + s.metric()
                                + " to be " + values.get(i) + ", but got " + s.values()[i] + " (result has " + format(s)
                                + ")";
                    }
                }
            }
            for (Labels l : expected.keySet()) {
                if (!seen.contains(l)) {
                    return "expected metric " + l + " not found";
                }
            }
            return null;
        }
        if (value instanceof Vector v) {
            if (cmd.expectScalar) {
                return "expected scalar result, but got vector " + v.samples();
            }
            Set<Labels> seen = new HashSet<>();
            List<Sample> samples = v.samples();
            for (int pos = 0; pos < samples.size(); pos++) {
                Sample s = samples.get(pos);
                TestScript.ExpectedSeries exp = expected.get(s.metric());
                if (exp == null) {
                    return "unexpected metric " + s.metric() + " in result, has value " + s.v();
                }
                if (cmd.ordered && exp.position() != pos + 1) {
                    return "expected metric " + s.metric() + " at position " + exp.position() + " but was at "
                            + (pos + 1);
                }
                SeriesDescription.Value e0 = exp.values().get(0);
                if (e0.histogram()) {
                    return "expected histogram for " + s.metric() + " but got float value " + s.v();
                }
                if (!almostEqual(e0.value(), s.v())) {
                    return "expected " + e0.value() + " for " + s.metric() + " but got " + s.v();
                }
                seen.add(s.metric());
            }
            for (Labels l : expected.keySet()) {
                if (!seen.contains(l)) {
                    return "expected metric " + l + " not found";
                }
            }
            return null;
        }
        if (value instanceof Scalar sc) {
            if (!cmd.expectScalar) {
                return "expected vector or matrix result, but got scalar " + sc.v();
            }
            if (!almostEqual(cmd.scalar, sc.v())) {
                return "expected scalar " + cmd.scalar + " but got " + sc.v();
            }
            return null;
        }
        StringValue s = (StringValue) value;
        if (!s.v().equals(cmd.expectedString)) {
            return "expected string \"" + cmd.expectedString + "\" but got \"" + s.v() + "\"";
        }
        return null;
    }

    private static String format(Series s) {
        StringBuilder sb = new StringBuilder().append(s.count()).append(" float points: ");
        for (int i = 0; i < s.count(); i++) {
            sb.append(s.values()[i]).append(" @[").append(s.timestamps()[i]).append("] ");
        }
        return sb.toString();
    }

    /** Prometheus's {@code almost.Equal} with the test tolerance. */
    static boolean almostEqual(double a, double b) {
        if (StaleNaN.is(a) || StaleNaN.is(b)) {
            return StaleNaN.is(a) && StaleNaN.is(b);
        }
        return Almost.equal(a, b, EPSILON);
    }
}
