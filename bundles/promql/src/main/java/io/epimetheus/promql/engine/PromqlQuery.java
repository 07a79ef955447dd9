package io.epimetheus.promql.engine;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Matrix;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.api.query.QueryStats;
import io.epimetheus.api.query.QueryValue;
import io.epimetheus.api.query.Sample;
import io.epimetheus.api.query.Scalar;
import io.epimetheus.api.query.Series;
import io.epimetheus.api.query.StringValue;
import io.epimetheus.api.query.Vector;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.StorageException;
import io.epimetheus.promql.ast.AggregateExpr;
import io.epimetheus.promql.ast.AggregateOp;
import io.epimetheus.promql.ast.Call;
import io.epimetheus.promql.ast.Expr;
import io.epimetheus.promql.ast.ParenExpr;
import io.epimetheus.promql.ast.StepInvariantExpr;
import io.epimetheus.promql.ast.StringLiteral;
import io.epimetheus.promql.ast.ValueType;
import io.epimetheus.promql.value.FloatSeries;
import io.epimetheus.promql.value.MetadataLabels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** One prepared query of a {@link PromqlEngine}: evaluated once by {@link #execute()}. */
final class PromqlQuery implements Query {

    private final PromqlEngine engine;
    private final Queryable storage;
    private final String text;
    private final Expr expr;
    private final long start;
    private final long end;
    private final long step;
    private final QueryOptions options;
    private final Interrupts interrupts = new Interrupts();
    private final long createdNanos = System.nanoTime();
    private boolean executed;

    PromqlQuery(PromqlEngine engine, Queryable storage, String text, Expr expr, long start, long end, long step,
            QueryOptions options) {
        this.engine = engine;
        this.storage = storage;
        this.text = text;
        this.expr = expr;
        this.start = start;
        this.end = end;
        this.step = step;
        this.options = options;
    }

    @Override
    public String expression() {
        return text;
    }

    @Override
    public void cancel() {
        interrupts.cancel();
    }

    @Override
    public void close() {
        // Results own their arrays; nothing is pooled.
    }

    @Override
    public QueryResult execute() {
        synchronized (this) {
            if (executed) {
                throw new IllegalStateException("a query can be executed only once");
            }
            executed = true;
        }
        engine.started(this);
        try {
            return run();
        } finally {
            engine.finished(this);
        }
    }

    private QueryResult run() {
        EngineSettings settings = engine.settings();
        long timeout = options.timeoutMillis() > 0 ? Math.min(options.timeoutMillis(), settings.timeoutMillis())
                : settings.timeoutMillis();
        long lookback = options.lookbackDeltaMillis() > 0 ? options.lookbackDeltaMillis() : settings.lookbackDeltaMillis();
        long t0 = System.nanoTime();
        interrupts.startTimeout(timeout);
        acquireSlot();
        long queued = System.nanoTime();
        SampleBudget budget = new SampleBudget(settings.maxSamples());
        try {
            QueryTimeRange range = QueryTimeRange.of(expr, start, end, lookback);
            try (Querier querier = storage.querier(range.mint, range.maxt)) {
                long prepared = System.nanoTime();
                EvalContext ctx = new EvalContext(querier, budget, interrupts, settings.delayedNameRemoval(),
                        settings.typeAndUnitLabels(), lookback, engine.noStepSubqueryIntervalMillis());
                QueryValue value = evaluate(ctx);
                long done = System.nanoTime();
                QueryStats stats = new QueryStats(budget.loaded, budget.peak, seconds(prepared - queued),
                        seconds(done - prepared), seconds(queued - t0), seconds(done - createdNanos));
                return new QueryResult(value, ctx.annotations.warnings(text), ctx.annotations.infos(text), stats);
            }
        } catch (StorageException e) {
            throw new QueryException(e.isRetryable() ? ErrorType.UNAVAILABLE : ErrorType.INTERNAL, e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            // Evaluation data is unreachable once we get here, so the heap has room again.
            throw new QueryException(ErrorType.EXECUTION, "query ran out of memory: it selects more data than the "
                    + "heap can hold; lower the query's range or resolution, or the engine's max samples", e);
        } finally {
            engine.slots().release();
        }
    }

    private void acquireSlot() {
        try {
            long remaining = interrupts.remainingNanos();
            if (remaining <= 0 || !engine.slots().tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
                throw new QueryException(ErrorType.TIMEOUT, "query timed out in query queue");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(ErrorType.CANCELED, "query was canceled in query queue");
        }
        if (interrupts.isCanceled()) {
            engine.slots().release();
            throw new QueryException(ErrorType.CANCELED, "query was canceled in query queue");
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private QueryValue evaluate(EvalContext ctx) {
        Expr top = unwrap(expr);
        if (top instanceof StringLiteral s) {
            return new StringValue(start, s.val);
        }
        boolean instant = step == 0;
        Evaluator ev = new Evaluator(ctx, start, end, instant ? 1 : step);
        List<FloatSeries> m = ev.eval(expr);
        if (ctx.delayedNameRemoval) {
            for (FloatSeries s : m) {
                if (s.dropName) {
                    s.metric = MetadataLabels.drop(s.metric);
                }
            }
            m = ev.mergeSeriesWithSameLabelset(m);
        }
        ctx.interrupts.check("expression evaluation");
        if (instant) {
            if (expr.type() == ValueType.SCALAR) {
                return new Scalar(start, m.get(0).v[0]);
            }
            if (expr.type() == ValueType.VECTOR) {
                if (ctx.delayedNameRemoval && hasDuplicates(m)) {
                    throw new QueryException(ErrorType.EXECUTION, SeriesLists.DUPLICATE_LABELSET);
                }
                List<Sample> samples = new ArrayList<>(m.size());
                for (FloatSeries s : m) {
                    samples.add(new Sample(s.metric, start, s.v[0]));
                }
                if (!keepsOrder(top)) {
                    samples.sort((a, b) -> a.metric().compareTo(b.metric()));
                }
                return new Vector(samples);
            }
        }
        return toMatrix(m);
    }

    private static boolean hasDuplicates(List<FloatSeries> m) {
        Set<Labels> seen = new HashSet<>();
        for (FloatSeries s : m) {
            if (!seen.add(s.metric)) {
                return true;
            }
        }
        return false;
    }

    private static Matrix toMatrix(List<FloatSeries> m) {
        List<Series> series = new ArrayList<>(m.size());
        for (FloatSeries s : m) {
            long[] t = s.n == s.t.length ? s.t : Arrays.copyOf(s.t, s.n);
            double[] v = s.n == s.v.length ? s.v : Arrays.copyOf(s.v, s.n);
            series.add(new Series(s.metric, t, v, s.n));
        }
        series.sort((a, b) -> a.metric().compareTo(b.metric()));
        return new Matrix(series);
    }

    private static Expr unwrap(Expr e) {
        while (true) {
            if (e instanceof ParenExpr p) {
                e = p.expr;
            } else if (e instanceof StepInvariantExpr s) {
                e = s.expr;
            } else {
                return e;
            }
        }
    }

    /** Whether the query orders its result itself (sort functions, topk, bottomk); else results are sorted by labels. */
    private static boolean keepsOrder(Expr top) {
        if (top instanceof Call c) {
            String n = c.func.name();
            return n.equals("sort") || n.equals("sort_desc") || n.equals("sort_by_label")
                    || n.equals("sort_by_label_desc");
        }
        if (top instanceof AggregateExpr a) {
            return a.op == AggregateOp.TOPK || a.op == AggregateOp.BOTTOMK;
        }
        return false;
    }
}
