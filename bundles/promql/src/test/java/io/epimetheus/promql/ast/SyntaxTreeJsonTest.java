package io.epimetheus.promql.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.epimetheus.promql.parse.Parser;
import io.epimetheus.promql.parse.ParserOptions;
import org.junit.jupiter.api.Test;

/**
 * The JSON of {@code /api/v1/parse_query} as Prometheus 3.x writes it (web/api/v1's AST
 * translation encoded by its JSON codec: keys sorted, HTML-safe strings). The expected trees are
 * written out from Prometheus's node and field definitions; the duration expression cases are the
 * ones of Prometheus's own translation test.
 */
class SyntaxTreeJsonTest {

    private static String tree(String expr) {
        return SyntaxTreeJson.of(Parser.parseExpr(expr, ParserOptions.DEFAULTS));
    }

    private static String experimentalTree(String expr) {
        return SyntaxTreeJson.of(Parser.parseExpr(expr, ParserOptions.ALL));
    }

    private static String matcher(String name, String type, String value) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"value\":\"" + value + "\"}";
    }

    private static String metric(String name) {
        return matcher("__name__", "=", name);
    }

    /** A vector selector without modifiers. */
    private static String vs(String name, String... matchers) {
        return "{\"anchored\":false,\"matchers\":[" + String.join(",", matchers) + "],\"name\":\"" + name
                + "\",\"offset\":0,\"offsetExpr\":null,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,"
                + "\"type\":\"vectorSelector\"}";
    }

    /** A matrix selector of a plain metric name. */
    private static String ms(String name, long rangeMillis) {
        return "{\"anchored\":false,\"matchers\":[" + metric(name) + "],\"name\":\"" + name
                + "\",\"offset\":0,\"offsetExpr\":null,\"range\":" + rangeMillis + ",\"rangeExpr\":null,"
                + "\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,\"type\":\"matrixSelector\"}";
    }

    private static String num(String val) {
        return "{\"type\":\"numberLiteral\",\"val\":\"" + val + "\"}";
    }

    private static String str(String jsonEscaped) {
        return "{\"type\":\"stringLiteral\",\"val\":\"" + jsonEscaped + "\"}";
    }

    private static String func(String name, String returnType, int variadic, String... argTypes) {
        StringBuilder types = new StringBuilder();
        for (String t : argTypes) {
            types.append(types.length() == 0 ? "" : ",").append('"').append(t).append('"');
        }
        return "{\"argTypes\":[" + types + "],\"name\":\"" + name + "\",\"returnType\":\"" + returnType
                + "\",\"variadic\":" + variadic + "}";
    }

    private static String call(String func, String... args) {
        return "{\"args\":[" + String.join(",", args) + "],\"func\":" + func + ",\"type\":\"call\"}";
    }

    private static String noMatching() {
        return "null";
    }

    private static String matching(String card, String labels, boolean on, String include) {
        return "{\"card\":\"" + card + "\",\"fillValues\":{\"lhs\":null,\"rhs\":null},\"include\":[" + include
                + "],\"labels\":[" + labels + "],\"on\":" + on + "}";
    }

    private static String bin(String op, String lhs, String rhs, String matching, boolean bool) {
        return "{\"bool\":" + bool + ",\"lhs\":" + lhs + ",\"matching\":" + matching + ",\"op\":\"" + op + "\",\"rhs\":"
                + rhs + ",\"type\":\"binaryExpr\"}";
    }

    private static String aggr(String op, String expr, String param, String grouping, boolean without) {
        return "{\"expr\":" + expr + ",\"grouping\":[" + grouping + "],\"op\":\"" + op + "\",\"param\":" + param
                + ",\"type\":\"aggregation\",\"without\":" + without + "}";
    }

    private static final String RATE = func("rate", "vector", 0, "matrix");

    @Test
    void plainSelector() {
        assertEquals("{\"anchored\":false,\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"up\"}],"
                + "\"name\":\"up\",\"offset\":0,\"offsetExpr\":null,\"smoothed\":false,\"startOrEnd\":null,"
                + "\"timestamp\":null,\"type\":\"vectorSelector\"}", tree("up"));
    }

    @Test
    void selectorMatchersOffsetAndAt() {
        // The matcher of the name written before the braces comes last, as Prometheus appends it.
        assertEquals("{\"anchored\":false,\"matchers\":[" + matcher("job", "=", "api") + "," + matcher("code", "=~", "5..")
                + "," + matcher("path", "!=", "/x") + "," + matcher("method", "!~", "GET|HEAD") + ","
                + metric("http_requests_total") + "],\"name\":\"http_requests_total\",\"offset\":300000,"
                + "\"offsetExpr\":null,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":1609746000000,"
                + "\"type\":\"vectorSelector\"}",
                tree("http_requests_total{job=\"api\",code=~\"5..\",path!=\"/x\",method!~\"GET|HEAD\"} offset 5m @ 1609746000"));
        assertEquals(vs("", matcher("__name__", "=~", "job:.*")), tree("{__name__=~\"job:.*\"}"));
        assertEquals("{\"anchored\":false,\"matchers\":[" + metric("x") + "],\"name\":\"x\",\"offset\":-90000,"
                + "\"offsetExpr\":null,\"smoothed\":false,\"startOrEnd\":\"start\",\"timestamp\":null,"
                + "\"type\":\"vectorSelector\"}", tree("x @ start() offset -1m30s"));
        assertEquals("{\"anchored\":false,\"matchers\":[" + metric("x") + "],\"name\":\"x\",\"offset\":0,"
                + "\"offsetExpr\":null,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":1500,"
                + "\"type\":\"vectorSelector\"}", tree("x @ 1.5"));
    }

    @Test
    void quotedNamesAndEscapes() {
        assertEquals(vs("", metric("my.metric"), matcher("label.x", "=", "v")), tree("{\"my.metric\", \"label.x\"=\"v\"}"));
        // Go's encoder escapes <, > and & and writes other control characters as \\u00XX.
        assertEquals(vs("x", matcher("a", "=", "\\n\\t\\\"\\u003c\\u003e\\u0026\\u0007\\\\"), metric("x")),
                tree("x{a=\"\\n\\t\\\"<>&\\a\\\\\"}"));
        assertEquals(vs("x", matcher("a", "=", "ü€𝄞\\u2028"), metric("x")), tree("x{a=\"ü€𝄞\\u2028\"}"));
    }

    @Test
    void rangeSelectorsAndFunctions() {
        assertEquals(call(RATE, "{\"anchored\":false,\"matchers\":[" + metric("http_requests_total")
                + "],\"name\":\"http_requests_total\",\"offset\":-3600000,\"offsetExpr\":null,\"range\":300000,"
                + "\"rangeExpr\":null,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,"
                + "\"type\":\"matrixSelector\"}"), tree("rate(http_requests_total[5m] offset -1h)"));
        assertEquals(call(func("time", "scalar", 0)), tree("time()"));
        assertEquals(call(func("day_of_week", "vector", 1, "vector")), tree("day_of_week()"));
        assertEquals(call(func("round", "vector", 1, "vector", "scalar"), vs("x", metric("x")), num("5")),
                tree("round(x, 5)"));
        assertEquals(call(func("label_join", "vector", -1, "vector", "string", "string", "string"), vs("x", metric("x")),
                str("a"), str(","), str("b"), str("c")), tree("label_join(x, \"a\", \",\", \"b\", \"c\")"));
        assertEquals(call(func("label_replace", "vector", 0, "vector", "string", "string", "string", "string"),
                vs("up", metric("up")), str("dst"), str("$1"), str("src"), str("(.*)\\u003c\\u0026\\u003e")),
                tree("label_replace(up, \"dst\", \"$1\", \"src\", '(.*)<&>')"));
        assertEquals(call(func("histogram_quantile", "vector", 0, "scalar", "vector"), num("0.99"),
                aggr("sum", call(RATE, ms("h_bucket", 300000)), "null", "\"le\"", false)),
                tree("histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))"));
        assertEquals(call(func("quantile_over_time", "vector", 0, "scalar", "matrix"), num("0.5"), ms("x", 3600000)),
                tree("quantile_over_time(0.5, x[1h])"));
    }

    @Test
    void subqueries() {
        String inner = call(func("deriv", "vector", 0, "matrix"), "{\"expr\":" + call(RATE, ms("x", 60000))
                + ",\"offset\":0,\"offsetExpr\":null,\"range\":300000,\"rangeExpr\":null,\"startOrEnd\":null,"
                + "\"step\":60000,\"stepExpr\":null,\"timestamp\":null,\"type\":\"subquery\"}");
        assertEquals(call(func("max_over_time", "vector", 0, "matrix"), "{\"expr\":" + inner
                + ",\"offset\":600000,\"offsetExpr\":null,\"range\":1800000,\"rangeExpr\":null,\"startOrEnd\":\"end\","
                + "\"step\":0,\"stepExpr\":null,\"timestamp\":null,\"type\":\"subquery\"}"),
                tree("max_over_time(deriv(rate(x[1m])[5m:1m])[30m:] @ end() offset 10m)"));
        assertEquals("{\"expr\":" + vs("x", metric("x")) + ",\"offset\":0,\"offsetExpr\":null,\"range\":3600000,"
                + "\"rangeExpr\":null,\"startOrEnd\":null,\"step\":15000,\"stepExpr\":null,\"timestamp\":1000000,"
                + "\"type\":\"subquery\"}", tree("x[1h:15s] @ 1000"));
    }

    @Test
    void binaryOperatorsAndMatching() {
        String a = vs("a", metric("a"));
        String b = vs("b", metric("b"));
        assertEquals(bin("/", a, b, matching("many-to-one", "\"instance\",\"job\"", true, "\"version\""), false),
                tree("a / on(instance, job) group_left(version) b"));
        assertEquals(bin("*", a, b, matching("one-to-many", "", false, ""), false), tree("a * ignoring() group_right b"));
        // The encoder's HTML escaping reaches operators too.
        assertEquals(bin("\\u003e", a, b, matching("one-to-one", "\"code\"", false, ""), true),
                tree("a > bool ignoring(code) b"));
        assertEquals(bin("\\u003c=", a, num("1"), noMatching(), false), tree("a <= 1"));
        assertEquals(bin("and", a, b, matching("many-to-many", "", false, ""), false), tree("a and b"));
        assertEquals(bin("unless", a, b, matching("many-to-many", "\"job\"", true, ""), false), tree("a unless on(job) b"));
        assertEquals(bin("or", a, b, matching("many-to-many", "", false, ""), false), tree("a or b"));
        // Precedence: * binds tighter than +, ^ is right-associative; no matching unless both sides are vectors.
        assertEquals(bin("+", num("1"), bin("*", num("2"), num("3"), noMatching(), false), noMatching(), false),
                tree("1 + 2 * 3"));
        assertEquals(bin("^", num("2"), bin("^", num("3"), num("2"), noMatching(), false), noMatching(), false),
                tree("2 ^ 3 ^ 2"));
        assertEquals(bin("==", a, num("1"), noMatching(), true), tree("a == bool 1"));
        assertEquals(bin("atan2", a, b, matching("one-to-one", "", false, ""), false), tree("a atan2 b"));
    }

    @Test
    void aggregations() {
        String x = vs("x", metric("x"));
        assertEquals(aggr("sum", call(RATE, ms("x", 300000)), "null", "\"instance\"", true),
                tree("sum without (instance) (rate(x[5m]))"));
        assertEquals(aggr("topk", x, num("3"), "\"job\"", false), tree("topk by (job) (3, x)"));
        assertEquals(aggr("bottomk", x, num("3"), "\"job\"", false), tree("bottomk(3, x) by (job)"));
        assertEquals(aggr("quantile", x, num("0.9"), "", false), tree("quantile(0.9, x)"));
        assertEquals(aggr("count_values", vs("build_info", metric("build_info")), str("version"), "", false),
                tree("count_values(\"version\", build_info)"));
        assertEquals(aggr("avg", x, "null", "", false), tree("avg by () (x)"));
        assertEquals(aggr("limitk", x, num("2"), "", false), experimentalTree("limitk(2, x)"));
    }

    @Test
    void literalsParenthesesAndUnary() {
        assertEquals(num("31"), tree("0x1F"));
        assertEquals(num("1500"), tree("1.5e3"));
        assertEquals(num("0.0000001"), tree("1e-7"));
        assertEquals(num("100000000000000000000000"), tree("1e23"));
        assertEquals(num("+Inf"), tree("Inf"));
        assertEquals(num("-Inf"), tree("-Inf"));
        assertEquals(num("NaN"), tree("NaN"));
        assertEquals(num("-1"), tree("-1"));
        // A duration used as a number is its value in seconds.
        assertEquals(num("5400"), tree("1h30m"));
        assertEquals(str("a\\\"b"), tree("\"a\\\"b\""));
        assertEquals(str("raw\\\\n"), tree("`raw\\n`"));
        assertEquals("{\"expr\":" + vs("x", metric("x")) + ",\"op\":\"-\",\"type\":\"unaryExpr\"}", tree("-x"));
        assertEquals("{\"expr\":" + vs("x", metric("x")) + ",\"op\":\"+\",\"type\":\"unaryExpr\"}", tree("+x"));
        assertEquals("{\"expr\":" + bin("+", vs("x", metric("x")), num("1"), noMatching(), false)
                + ",\"type\":\"parenExpr\"}", tree("(x + 1)"));
        assertEquals("{\"expr\":{\"expr\":" + num("2") + ",\"type\":\"parenExpr\"},\"op\":\"-\",\"type\":\"unaryExpr\"}",
                tree("-(2)"));
    }

    private static String durationExpr(String op, String lhs, String rhs, boolean wrapped) {
        return "{\"lhs\":" + lhs + ",\"op\":\"" + op + "\",\"rhs\":" + rhs + ",\"type\":\"durationExpr\",\"wrapped\":"
                + wrapped + "}";
    }

    private static String durationNumber(String val, boolean duration) {
        return "{\"duration\":" + duration + ",\"type\":\"numberLiteral\",\"val\":\"" + val + "\"}";
    }

    /** The cases of Prometheus's TestTranslateASTDurationExpressions, as whole trees. */
    @Test
    void durationExpressions() {
        String foo = "{\"anchored\":false,\"matchers\":[" + metric("foo") + "],\"name\":\"foo\",";
        String tail = ",\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,";
        assertEquals(foo + "\"offset\":0,\"offsetExpr\":null,\"range\":0,\"rangeExpr\":"
                + durationExpr("+", durationNumber("300", true), durationNumber("60", true), false) + tail
                + "\"type\":\"matrixSelector\"}", experimentalTree("foo[5m+1m]"));
        assertEquals(foo + "\"offset\":0,\"offsetExpr\":"
                + durationExpr("/", durationNumber("600", true), durationNumber("2", false), true)
                + ",\"range\":0,\"rangeExpr\":"
                + durationExpr("+", durationNumber("300", true), durationNumber("60", true), false) + tail
                + "\"type\":\"matrixSelector\"}", experimentalTree("foo[5m+1m] offset (10m/2)"));
        assertEquals(foo + "\"offset\":0,\"offsetExpr\":null,\"range\":0,\"rangeExpr\":"
                + durationExpr("min_of", durationExpr("max_of", durationExpr("step", "null", "null", false),
                        durationExpr("+", durationNumber("300", true), durationNumber("180", true), false), false),
                        durationExpr("-", durationNumber("600", true), durationNumber("120", true), false), false)
                + tail + "\"type\":\"matrixSelector\"}", experimentalTree("foo[min_of(max_of(step(),5m+3m),10m-2m)]"));
        assertEquals(foo + "\"offset\":0,\"offsetExpr\":null,\"range\":0,\"rangeExpr\":"
                + durationExpr("range", "null", "null", false) + tail + "\"type\":\"matrixSelector\"}",
                experimentalTree("foo[range()]"));
        assertEquals("{\"expr\":" + vs("foo", metric("foo")) + ",\"offset\":0,\"offsetExpr\":"
                + durationExpr("-", durationNumber("5", true), durationNumber("8", false), true) + ",\"range\":0,"
                + "\"rangeExpr\":" + durationExpr("+", durationNumber("4", true), durationNumber("4", true), false)
                + ",\"startOrEnd\":null,\"step\":0,\"stepExpr\":"
                + durationExpr("*", durationNumber("1", true), durationNumber("2", false), false)
                + ",\"timestamp\":null,\"type\":\"subquery\"}", experimentalTree("foo[4s+4s:1s*2] offset (5s-8)"));
        assertEquals(foo + "\"offset\":0,\"offsetExpr\":" + durationExpr("-", "null", durationExpr("min_of",
                durationNumber("5", true), durationExpr("+", durationExpr("step", "null", "null", false),
                        durationNumber("8", true), false), false), false) + tail + "\"type\":\"vectorSelector\"}",
                experimentalTree("foo offset -min_of(5s,step()+8s)"));
        // Plain durations stay plain even with duration expressions enabled.
        assertEquals(foo + "\"offset\":60000,\"offsetExpr\":null,\"range\":300000,\"rangeExpr\":null" + tail
                + "\"type\":\"matrixSelector\"}", experimentalTree("foo[5m] offset 1m"));
        // A parenthesised number becomes a wrapped unary plus.
        assertEquals(foo + "\"offset\":0,\"offsetExpr\":null,\"range\":0,\"rangeExpr\":"
                + durationExpr("+", "null", durationNumber("300", true), true) + tail + "\"type\":\"matrixSelector\"}",
                experimentalTree("foo[(5m)]"));
    }

    @Test
    void extendedRangeSelectorsFillAndInfo() {
        assertEquals(call(func("increase", "vector", 0, "matrix"), "{\"anchored\":true,\"matchers\":[" + metric("m")
                + "],\"name\":\"m\",\"offset\":0,\"offsetExpr\":null,\"range\":60000,\"rangeExpr\":null,"
                + "\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,\"type\":\"matrixSelector\"}"),
                experimentalTree("increase(m[1m] anchored)"));
        assertEquals("{\"anchored\":false,\"matchers\":[" + metric("m") + "],\"name\":\"m\",\"offset\":0,"
                + "\"offsetExpr\":null,\"smoothed\":true,\"startOrEnd\":null,\"timestamp\":null,"
                + "\"type\":\"vectorSelector\"}", experimentalTree("m smoothed"));
        String l = vs("l", metric("l"));
        String r = vs("r", metric("r"));
        assertEquals("{\"bool\":false,\"lhs\":" + l + ",\"matching\":{\"card\":\"one-to-one\",\"fillValues\":"
                + "{\"lhs\":0,\"rhs\":0},\"include\":[],\"labels\":[],\"on\":false},\"op\":\"+\",\"rhs\":" + r
                + ",\"type\":\"binaryExpr\"}", experimentalTree("l + fill(0) r"));
        assertEquals("{\"bool\":false,\"lhs\":" + l + ",\"matching\":{\"card\":\"one-to-one\",\"fillValues\":"
                + "{\"lhs\":-1.5,\"rhs\":1e-7},\"include\":[],\"labels\":[\"a\"],\"on\":true},\"op\":\"-\",\"rhs\":" + r
                + ",\"type\":\"binaryExpr\"}", experimentalTree("l - on(a) fill_left(-1.5) fill_right(1e-7) r"));
        assertEquals(call(func("info", "vector", 1, "vector", "vector"), vs("up", metric("up")),
                vs("", matcher("k8s_cluster_name", "=~", ".+"))), experimentalTree("info(up, {k8s_cluster_name=~\".+\"})"));
    }

    @Test
    void fillValuesJsonCannotCarryFailLikePrometheus() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> experimentalTree("l + fill(NaN) r"));
        assertEquals("unsupported value: NaN", e.getMessage());
    }
}
