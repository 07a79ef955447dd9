package io.epimetheus.http.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.epimetheus.promql.engine.EngineSettings;
import io.epimetheus.promql.engine.PromqlEngine;
import io.epimetheus.tsdb.Db;
import io.epimetheus.tsdb.TsdbOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same data loaded into Debian's Prometheus and into Epimetheus (the real TSDB and PromQL
 * engine behind this bundle's API), the same API calls to both, and the JSON compared. Both read
 * one set of blocks that {@code promtool tsdb create-blocks-from openmetrics} wrote. Normalised:
 * the order of instant vectors (unspecified by the API), {@code infos} (Prometheus 3 annotations
 * the Debian 2.x server does not send), error texts (parser wording changed between versions;
 * the error type and HTTP status are compared) and the last bits of sample values, which differ
 * where 2.42 sums plainly and 3.x with compensation (values within 1e-12 relative are equal; how
 * many differ at all is printed, and {@link #sumsDifferOnlyByPrometheus3sCompensatedSummation}
 * reproduces both servers' sums bit for bit). Evaluation times are offset from the sample
 * times, so Prometheus 3's left-open ranges select the same samples as 2.x's closed ones.
 * {@code promtool query} is run against both servers and its output compared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusInteropTest {

    private static final long T0 = 1_700_000_000L;
    private static final long EVAL = T0 + 1807;

    private Path work;

    private DebianPrometheus prometheus;
    private ApiTestServer ours;
    private Db db;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void load(@TempDir Path dir) throws Exception {
        work = dir;
        DebianPrometheus.binary("prometheus");
        Path om = work.resolve("data.om");
        Files.writeString(om, openMetrics());
        Path blocks = work.resolve("blocks");
        String out = DebianPrometheus.promtool("tsdb", "create-blocks-from", "openmetrics", om.toString(), blocks.toString());
        assertTrue(out.startsWith("exit 0"), out);
        Path promData = work.resolve("prometheus-data");
        Path ourData = work.resolve("epimetheus-data");
        copyTree(blocks, promData);
        copyTree(blocks, ourData);
        prometheus = DebianPrometheus.start(promData, work);
        TsdbOptions opts = TsdbOptions.defaults(ourData);
        db = Db.open(new TsdbOptions(ourData, 100L * 365 * 86_400_000, opts.retentionBytes(), opts.minBlockDuration(),
                opts.maxBlockDuration(), opts.walCompression(), opts.walSegmentSize(), opts.walSyncEveryCommit(),
                opts.outOfOrderWindow()));
        ours = new ApiTestServer();
        ours.storage = db;
        ours.engine = new PromqlEngine(EngineSettings.DEFAULTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (ours != null) {
            ours.close();
        }
        if (db != null) {
            db.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** One hour of 15s samples: counters with labels, gauges, a NaN, escaped label values. */
    static String openMetrics() {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP http_requests Requests.\n# TYPE http_requests counter\n");
        for (String job : new String[] {"api", "db"}) {
            for (String instance : new String[] {"a:1", "b:1"}) {
                for (String code : new String[] {"200", "500"}) {
                    double v = r.nextInt(100);
                    for (int k = 0; k <= 240; k++) {
                        v += r.nextInt(code.equals("200") ? 50 : 3);
                        sb.append("http_requests_total{code=\"").append(code).append("\",instance=\"").append(instance)
                                .append("\",job=\"").append(job).append("\"} ").append(v).append(' ').append(T0 + 15L * k).append('\n');
                    }
                }
            }
        }
        sb.append("# TYPE node_load1 gauge\n");
        for (String instance : new String[] {"a:1", "b:1"}) {
            for (int k = 0; k <= 240; k++) {
                double v = k == 100 && instance.equals("b:1") ? Double.NaN : r.nextInt(400) / 100.0 + (k % 7) / 3.0;
                sb.append("node_load1{instance=\"").append(instance).append("\",job=\"node\"} ")
                        .append(Double.isNaN(v) ? "NaN" : Double.toString(v)).append(' ').append(T0 + 15L * k).append('\n');
            }
        }
        sb.append("# TYPE weird gauge\n");
        for (int k = 0; k <= 240; k += 4) {
            sb.append("weird{path=\"/a\\\"b<c>&d\",job=\"x\"} ").append(k * 1e-7).append(' ').append(T0 + 15L * k).append('\n');
        }
        sb.append("# EOF\n");
        return sb.toString();
    }

    private static final String[] INSTANT = {
        "http_requests_total",
        "rate(http_requests_total[5m])",
        "sum by (job) (rate(http_requests_total[5m]))",
        "sum without (instance) (increase(http_requests_total[10m]))",
        "node_load1 > 1",
        "count(http_requests_total)",
        "topk(2, node_load1)",
        "avg_over_time(node_load1[10m])",
        "max_over_time(node_load1[30m])",
        "http_requests_total{code=\"500\"} offset 10m",
        "{__name__=~\"node.*\"}",
        "weird",
        "vector(1)",
        "1 + 2",
        "time()",
        "absent(nonexistent)",
        "label_replace(node_load1, \"host\", \"$1\", \"instance\", \"(.*):.*\")",
        "sum(rate(http_requests_total{code=\"500\"}[5m])) / sum(rate(http_requests_total[5m]))",
        "http_requests_total @ 1700000307",
        "node_load1 and on(instance) http_requests_total{job=\"api\",code=\"200\"}",
        "nonexistent_metric",
    };

    private static final String[] RANGE = {
        "rate(http_requests_total[5m])",
        "sum by (job) (rate(http_requests_total[5m]))",
        "node_load1",
        "scalar(sum(node_load1))",
        "weird * 1e9",
        "deriv(node_load1[10m])",
    };

    @Test
    void instantQueries() throws Exception {
        List<String> diffs = new ArrayList<>();
        for (String q : INSTANT) {
            compare("/api/v1/query?query=" + enc(q) + "&time=" + EVAL, diffs);
        }
        assertEquals(List.of(), diffs);
    }

    @Test
    void rangeQueries() throws Exception {
        List<String> diffs = new ArrayList<>();
        for (String q : RANGE) {
            compare("/api/v1/query_range?query=" + enc(q) + "&start=" + (T0 + 307) + "&end=" + (T0 + 3307) + "&step=60", diffs);
            // A step that never puts a range boundary exactly on a sample (k = 73 would, past the end).
            compare("/api/v1/query_range?query=" + enc(q) + "&start=" + (T0 + 307.3) + "&end=" + (T0 + 1307.3) + "&step=14.9", diffs);
        }
        assertEquals(List.of(), diffs);
    }

    /**
     * Why {@code sum} values differ in their last bits: Debian's Prometheus 2.42 adds the series of
     * an aggregation one after the other in plain floating point, Prometheus 3.x (and Epimetheus)
     * with Kahan-Neumaier compensation. From the per-series values both servers agree on, the plain
     * sum in series order gives exactly 2.42's answer and the compensated sum exactly ours.
     */
    @Test
    void sumsDifferOnlyByPrometheus3sCompensatedSummation() throws Exception {
        int values = 0;
        int differing = 0;
        for (String range : new String[] {"&start=" + (T0 + 307) + "&end=" + (T0 + 3307) + "&step=60",
            "&start=" + (T0 + 307.3) + "&end=" + (T0 + 1307.3) + "&step=14.9"}) {
            String inner = "rate(http_requests_total[5m])";
            JsonNode series = result(prometheus.port, inner, range);
            assertEquals(series, result(ours.port(), inner, range));
            List<JsonNode> sorted = new ArrayList<>();
            series.forEach(sorted::add);
            sorted.sort(Comparator.comparing(s -> s.get("metric").toString()));
            String query = "sum by (job) (" + inner + ")";
            JsonNode theirs = result(prometheus.port, query, range);
            JsonNode mine = result(ours.port(), query, range);
            assertEquals(theirs.size(), mine.size());
            for (int g = 0; g < theirs.size(); g++) {
                String job = theirs.get(g).get("metric").get("job").asText();
                JsonNode ourGroup = mine.get(0).get("metric").get("job").asText().equals(job) ? mine.get(0) : mine.get(1);
                JsonNode theirValues = theirs.get(g).get("values");
                JsonNode ourValues = ourGroup.get("values");
                assertEquals(theirValues.size(), ourValues.size());
                for (int k = 0; k < theirValues.size(); k++) {
                    String ts = theirValues.get(k).get(0).asText();
                    double plain = 0;
                    double sum = 0;
                    double c = 0;
                    boolean first = true;
                    for (JsonNode s : sorted) {
                        if (!s.get("metric").get("job").asText().equals(job)) {
                            continue;
                        }
                        for (JsonNode v : s.get("values")) {
                            if (!v.get(0).asText().equals(ts)) {
                                continue;
                            }
                            double f = Double.parseDouble(v.get(1).asText());
                            if (first) {
                                plain = f;
                                sum = f;
                                first = false;
                            } else {
                                plain += f;
                                double t = sum + f;
                                c += Math.abs(sum) >= Math.abs(f) ? (sum - t) + f : (f - t) + sum;
                                sum = t;
                            }
                        }
                    }
                    double their = Double.parseDouble(theirValues.get(k).get(1).asText());
                    double our = Double.parseDouble(ourValues.get(k).get(1).asText());
                    assertEquals(plain, their, query + range + " at " + ts + ": Prometheus 2.42's plain sum");
                    assertEquals(sum + c, our, query + range + " at " + ts + ": Prometheus 3's compensated sum");
                    values++;
                    if (plain != sum + c) {
                        differing++;
                    }
                }
            }
        }
        System.out.println("interop: " + differing + " of " + values + " sum values differ between 2.42's plain and "
                + "3.x's compensated summation; each matches its own model exactly");
        assertTrue(differing > 0, "the data should exercise the difference");
    }

    private JsonNode result(int port, String query, String range) throws Exception {
        String body = get("http://127.0.0.1:" + port + "/api/v1/query_range?query=" + enc(query) + range).body();
        return ApiTestServer.JSON.readTree(body).path("data").path("result");
    }

    @Test
    void metadataCalls() throws Exception {
        List<String> diffs = new ArrayList<>();
        String range = "&start=" + T0 + "&end=" + (T0 + 3600);
        compare("/api/v1/series?match[]=" + enc("http_requests_total{job=\"api\"}") + range, diffs);
        compare("/api/v1/series?match[]=node_load1&match[]=" + enc("{job=\"x\"}") + range, diffs);
        compare("/api/v1/labels?" + range.substring(1), diffs);
        compare("/api/v1/labels?match[]=node_load1" + range, diffs);
        compare("/api/v1/label/job/values?" + range.substring(1), diffs);
        compare("/api/v1/label/__name__/values", diffs);
        compare("/api/v1/label/instance/values?match[]=" + enc("http_requests_total{code=\"500\"}"), diffs);
        compare("/api/v1/label/nothing/values", diffs);
        compare("/api/v1/series?match[]=nothing" + range, diffs);
        assertEquals(List.of(), diffs);
    }

    @Test
    void errors() throws Exception {
        List<String> diffs = new ArrayList<>();
        compare("/api/v1/query?query=" + enc("sum("), diffs);
        compare("/api/v1/query?query=" + enc("rate(node_load1)"), diffs);
        compare("/api/v1/query?query=up&time=yesterday", diffs);
        compare("/api/v1/query_range?query=up&start=1&end=2&step=0", diffs);
        compare("/api/v1/query_range?query=up&start=0&end=100000&step=1", diffs);
        compare("/api/v1/query_range?query=up&start=10&end=1&step=1", diffs);
        compare("/api/v1/series", diffs);
        compare("/api/v1/series?match[]=" + enc("{job=\"\"}"), diffs);
        compare("/api/v1/nope", diffs);
        assertEquals(List.of(), diffs);
    }

    @Test
    void promtoolQueriesAgainstBoth() throws Exception {
        String ourUrl = "http://127.0.0.1:" + ours.port();
        String promUrl = "http://127.0.0.1:" + prometheus.port;
        String[][] commands = {
            {"query", "instant", "--time=" + EVAL, "URL", "sum by (job) (rate(http_requests_total[5m]))"},
            {"query", "range", "--start=" + (T0 + 307), "--end=" + (T0 + 907), "--step=1m", "URL", "node_load1"},
            {"query", "series", "--match=http_requests_total{code=\"500\"}", "--start=" + T0, "--end=" + (T0 + 3600), "URL"},
            {"query", "labels", "--start=" + T0, "--end=" + (T0 + 3600), "URL", "job"},
        };
        for (String[] c : commands) {
            String ourOut = DebianPrometheus.promtool(with(c, ourUrl));
            String promOut = DebianPrometheus.promtool(with(c, promUrl));
            assertTrue(ourOut.startsWith("exit 0"), ourOut);
            assertEquals(promOut, ourOut, String.join(" ", c));
        }
    }

    private static String[] with(String[] c, String url) {
        String[] out = c.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i].equals("URL")) {
                out[i] = url;
            }
        }
        return out;
    }

    private void compare(String pathAndQuery, List<String> diffs) throws Exception {
        HttpResponse<String> theirs = get("http://127.0.0.1:" + prometheus.port + pathAndQuery);
        HttpResponse<String> mine = get("http://127.0.0.1:" + ours.port() + pathAndQuery);
        if (theirs.statusCode() != mine.statusCode()) {
            diffs.add(pathAndQuery + ": status " + mine.statusCode() + " != Prometheus " + theirs.statusCode()
                    + "\n  ours:       " + mine.body() + "\n  Prometheus: " + theirs.body());
            return;
        }
        if (!theirs.body().startsWith("{")) {
            if (!theirs.body().equals(mine.body())) {
                diffs.add(pathAndQuery + ": body " + mine.body() + " != Prometheus " + theirs.body());
            }
            return;
        }
        JsonNode a = normalise(ApiTestServer.JSON.readTree(mine.body()));
        JsonNode b = normalise(ApiTestServer.JSON.readTree(theirs.body()));
        if (!sameJson(a, b)) {
            diffs.add(pathAndQuery + "\n  ours:       " + abbreviate(a) + "\n  Prometheus: " + abbreviate(b));
        }
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    /** Values that differ only in their last bits, counted to show how close the engines are. */
    private int inexact;

    private boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isTextual() && b.isTextual() && !a.equals(b)) {
            try {
                double x = Double.parseDouble(a.asText());
                double y = Double.parseDouble(b.asText());
                if (Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y))) {
                    inexact++;
                    return true;
                }
            } catch (NumberFormatException e) {
                return false;
            }
            return false;
        }
        if (a.isContainerNode() && b.isContainerNode() && a.getNodeType() == b.getNodeType() && a.size() == b.size()) {
            if (a.isArray()) {
                for (int i = 0; i < a.size(); i++) {
                    if (!sameJson(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            for (java.util.Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!b.has(f) || !sameJson(a.get(f), b.get(f))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    @AfterAll
    void report() {
        System.out.println("interop: " + inexact + " sample values differed from Prometheus within 1e-12 relative");
    }

    private static JsonNode normalise(JsonNode n) {
        ObjectNode o = (ObjectNode) n;
        o.remove("infos");
        if (o.path("status").asText().equals("error")) {
            o.remove("error");
        }
        JsonNode data = o.path("data");
        if (data.path("resultType").asText().equals("vector") || data.path("resultType").asText().equals("matrix")) {
            ArrayNode result = (ArrayNode) data.get("result");
            List<JsonNode> items = new ArrayList<>();
            result.forEach(items::add);
            items.sort(Comparator.comparing(i -> i.get("metric").toString()));
            result.removeAll();
            items.forEach(result::add);
        }
        return o;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
