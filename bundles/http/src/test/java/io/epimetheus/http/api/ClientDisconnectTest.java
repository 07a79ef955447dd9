package io.epimetheus.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.Matcher;
import io.epimetheus.api.query.ErrorType;
import io.epimetheus.api.query.Query;
import io.epimetheus.api.query.QueryEngine;
import io.epimetheus.api.query.QueryException;
import io.epimetheus.api.query.QueryOptions;
import io.epimetheus.api.query.QueryResult;
import io.epimetheus.api.query.QueryStats;
import io.epimetheus.api.query.Scalar;
import io.epimetheus.api.storage.Querier;
import io.epimetheus.api.storage.Queryable;
import io.epimetheus.api.storage.SampleIterator;
import io.epimetheus.api.storage.SelectHints;
import io.epimetheus.api.storage.SeriesSet;
import io.epimetheus.api.storage.ValueType;
import io.epimetheus.promql.engine.EngineSettings;
import io.epimetheus.promql.engine.PromqlEngine;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A query whose HTTP client goes away is cancelled ({@link Query#cancel()}) instead of being run to
 * completion; a client that stays, keeps its connection alive or pipelines its next request is
 * not affected. The bounds below are liveness bounds (the queries would otherwise run for minutes),
 * not performance assertions.
 */
class ClientDisconnectTest {

    private static final long BOUND_SECONDS = 10;

    private ApiTestServer api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiTestServer();
        api.storage = new FakeStorage();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void aClientClosingItsConnectionCancelsTheQuery() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        api.engine = engine;
        try (Socket s = connect()) {
            send(s, "GET /api/v1/query?query=slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(engine.started.await(BOUND_SECONDS, TimeUnit.SECONDS));
        }
        assertTrue(engine.cancelled.await(BOUND_SECONDS, TimeUnit.SECONDS), "the query was not cancelled");
    }

    @Test
    void aClientResettingAFormPostCancelsTheRangeQuery() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        api.engine = engine;
        String form = "query=slow&start=0&end=100&step=10";
        Socket s = connect();
        send(s, "POST /api/v1/query_range HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + form.length() + "\r\n\r\n" + form);
        assertTrue(engine.started.await(BOUND_SECONDS, TimeUnit.SECONDS));
        s.setSoLinger(true, 0);
        s.close();
        assertTrue(engine.cancelled.await(BOUND_SECONDS, TimeUnit.SECONDS), "the query was not cancelled");
    }

    @Test
    void clientsThatStayKeepAliveOrPipelineAreAnswered() throws Exception {
        BlockingEngine engine = new BlockingEngine();
        api.engine = engine;
        engine.release.countDown();
        try (Socket s = connect()) {
            for (int i = 0; i < 3; i++) {
                send(s, "GET /api/v1/query?query=slow HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(readResponse(s.getInputStream()).startsWith("HTTP/1.1 200 "));
            }
        }
        // Pipelined: the second request arrives while the first is computed; neither is cancelled.
        BlockingEngine held = new BlockingEngine();
        api.engine = held;
        try (Socket s = connect()) {
            send(s, "GET /api/v1/query?query=slow HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /api/v1/query?query=slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(held.started.await(BOUND_SECONDS, TimeUnit.SECONDS));
            // Time for a wrong cancellation to happen before the query is let go.
            Thread.sleep(500);
            held.release.countDown();
            InputStream in = s.getInputStream();
            assertTrue(readResponse(in).startsWith("HTTP/1.1 200 "));
            assertTrue(readResponse(in).startsWith("HTTP/1.1 200 "));
        }
        assertEquals(1, engine.cancelled.getCount());
        assertEquals(1, held.cancelled.getCount(), "a pipelined request cancelled the query before it");
    }

    @Test
    void theRealEngineStopsASlowQueryWhoseClientLeft() throws Exception {
        RecordingEngine engine = new RecordingEngine(new PromqlEngine(EngineSettings.DEFAULTS));
        api.engine = engine;
        api.storage = null;
        api.merged = new SlowStorage(1_000_000, 2);
        try (Socket s = connect()) {
            send(s, "GET /api/v1/query?query=count(slow_metric)&time=100 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(engine.started.await(BOUND_SECONDS, TimeUnit.SECONDS));
        }
        assertTrue(engine.finished.await(BOUND_SECONDS, TimeUnit.SECONDS), "the query still runs");
        assertTrue(engine.cancelCalled, "Query.cancel() was not called");
        QueryException e = engine.failure.get();
        assertNotNull(e, "the query completed instead of being cancelled");
        assertEquals(ErrorType.CANCELED, e.type());
    }

    private Socket connect() throws Exception {
        Socket s = new Socket("127.0.0.1", api.port());
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        return s;
    }

    private static void send(Socket s, String request) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one response with a Content-Length or chunked body, returning its head. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertTrue(b >= 0, "connection closed in the response head: " + head);
            head.append((char) b);
        }
        String h = head.toString().toLowerCase(java.util.Locale.ROOT);
        int cl = h.indexOf("content-length: ");
        if (cl >= 0) {
            int len = Integer.parseInt(h.substring(cl + 16, h.indexOf('\r', cl)).trim());
            in.readNBytes(len);
        } else {
            assertTrue(h.contains("transfer-encoding: chunked"), h);
            while (true) {
                StringBuilder size = new StringBuilder();
                for (int b = in.read(); b != '\n'; b = in.read()) {
                    size.append((char) b);
                }
                int n = Integer.parseInt(size.toString().trim(), 16);
                in.readNBytes(n + 2);
                if (n == 0) {
                    break;
                }
            }
        }
        return head.toString();
    }

    /** Queries that run until cancelled (then fail as the engine would) or released. */
    private static final class BlockingEngine implements QueryEngine {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Query instantQuery(Queryable storage, String expr, long timeMillis, QueryOptions options) {
            return query(expr);
        }

        @Override
        public Query rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis,
                QueryOptions options) {
            return query(expr);
        }

        @Override
        public String formatQuery(String expr) {
            return expr;
        }

        private Query query(String expr) {
            return new Query() {
                private volatile boolean canceled;

                @Override
                public String expression() {
                    return expr;
                }

                @Override
                public QueryResult execute() {
                    started.countDown();
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                    try {
                        while (!canceled && System.nanoTime() < deadline) {
                            if (release.await(5, TimeUnit.MILLISECONDS)) {
                                return new QueryResult(new Scalar(0, 1), List.of(), List.of(), new QueryStats(0, 0, 0, 0, 0, 0));
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new QueryException(ErrorType.CANCELED, "query was canceled in expression evaluation");
                }

                @Override
                public void cancel() {
                    canceled = true;
                    cancelled.countDown();
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** The real engine, with each query's cancel() and outcome recorded. */
    private static final class RecordingEngine implements QueryEngine {
        final QueryEngine delegate;
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        final AtomicReference<QueryException> failure = new AtomicReference<>();
        volatile boolean cancelCalled;

        RecordingEngine(QueryEngine delegate) {
            this.delegate = delegate;
        }

        @Override
        public Query instantQuery(Queryable storage, String expr, long timeMillis, QueryOptions options) {
            return recorded(delegate.instantQuery(storage, expr, timeMillis, options));
        }

        @Override
        public Query rangeQuery(Queryable storage, String expr, long startMillis, long endMillis, long stepMillis,
                QueryOptions options) {
            return recorded(delegate.rangeQuery(storage, expr, startMillis, endMillis, stepMillis, options));
        }

        @Override
        public String formatQuery(String expr) {
            return delegate.formatQuery(expr);
        }

        private Query recorded(Query q) {
            return new Query() {
                @Override
                public String expression() {
                    return q.expression();
                }

                @Override
                public QueryResult execute() {
                    started.countDown();
                    try {
                        return q.execute();
                    } catch (QueryException e) {
                        failure.set(e);
                        throw e;
                    } finally {
                        finished.countDown();
                    }
                }

                @Override
                public void cancel() {
                    cancelCalled = true;
                    q.cancel();
                }

                @Override
                public void close() {
                    q.close();
                }
            };
        }
    }

    /** Many series, each of whose iterators takes a while to produce its single sample. */
    private static final class SlowStorage implements Queryable {
        private final int series;
        private final long millisPerSeries;

        SlowStorage(int series, long millisPerSeries) {
            this.series = series;
            this.millisPerSeries = millisPerSeries;
        }

        @Override
        public Querier querier(long mint, long maxt) {
            return new Querier() {
                @Override
                public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
                    return new SeriesSet() {
                        private int i = -1;

                        @Override
                        public boolean next() {
                            return ++i < series;
                        }

                        @Override
                        public Labels labels() {
                            return Labels.of("__name__", "slow_metric", "i", String.format("%07d", i));
                        }

                        @Override
                        public SampleIterator iterator(SampleIterator reuse) {
                            return new SampleIterator() {
                                private boolean done;

                                @Override
                                public ValueType next() {
                                    if (done) {
                                        return ValueType.NONE;
                                    }
                                    done = true;
                                    try {
                                        Thread.sleep(millisPerSeries);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    return ValueType.FLOAT;
                                }

                                @Override
                                public ValueType seek(long t) {
                                    return next();
                                }

                                @Override
                                public long t() {
                                    return 90_000;
                                }

                                @Override
                                public double v() {
                                    return 1;
                                }
                            };
                        }
                    };
                }

                @Override
                public List<String> labelValues(String name, int limit, Matcher... matchers) {
                    return List.of();
                }

                @Override
                public List<String> labelNames(int limit, Matcher... matchers) {
                    return List.of();
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
