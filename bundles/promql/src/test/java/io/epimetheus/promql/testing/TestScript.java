package io.epimetheus.promql.testing;

import io.epimetheus.api.config.PromDuration;
import io.epimetheus.api.model.Labels;
import io.epimetheus.api.regex.Re2;
import io.epimetheus.promql.parse.GoNumbers;
import io.epimetheus.promql.parse.GoStrings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed PromQL test script (the {@code .test} language of Prometheus's promqltest, described
 * in the conformance data's FORMAT.md): {@code load}, {@code clear} and {@code eval} commands.
 */
public final class TestScript {

    private static final Pattern LOAD = Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
    private static final Pattern EVAL_INSTANT =
            Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    private static final Pattern EVAL_RANGE =
            Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
    private static final Pattern EXPECT =
            Pattern.compile("^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
    private static final Pattern EXPECT_RANGE =
            Pattern.compile("^expect range vector\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");

    /** A command of the script. */
    public sealed interface Command permits Clear, Load, Eval {
    }

    /** Drops all data. */
    public record Clear(int line) implements Command {
    }

    /**
     * Adds samples: the k-th value of each series at {@code k * stepMillis}.
     *
     * @param withNhcb whether the block also defines native histograms with custom buckets
     * @param startTimestamps whether the block gives start timestamps ({@code @st} lines)
     */
    public record Load(int line, long stepMillis, Map<Labels, SeriesDescription> series, boolean withNhcb,
            boolean startTimestamps) implements Command {

        /** Whether native histograms are loaded (histogram values, or NHCB conversion). */
        public boolean hasHistograms() {
            if (withNhcb) {
                return true;
            }
            for (SeriesDescription d : series.values()) {
                if (d.hasHistograms()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A matcher of annotation or error text: exact message, regex, or anything. */
    public record TextMatcher(String message, Pattern regex) {
        boolean matches(String s) {
            if (message != null) {
                return message.equals(s);
            }
            return regex.matcher(s).find();
        }

        @Override
        public String toString() {
            return message != null ? "msg: " + message : "regex: " + regex.pattern();
        }
    }

    /** An expected series of a result. */
    public record ExpectedSeries(Labels labels, List<SeriesDescription.Value> values, int position) {
    }

    /** An {@code eval} command with its expectations. */
    public static final class Eval implements Command {
        public final int line;
        public final String expr;
        public final boolean range;
        public long evalTime;
        public long start;
        public long end;
        public long step;
        public boolean fail;
        public boolean warn;
        public boolean info;
        public boolean ordered;
        public TextMatcher failMatcher;
        public final List<TextMatcher> warns = new ArrayList<>();
        public final List<TextMatcher> infos = new ArrayList<>();
        public boolean noWarn;
        public boolean noInfo;
        public boolean expectScalar;
        public double scalar;
        public String expectedString;
        public boolean excludeFromRangeQuery;
        public final Map<Labels, ExpectedSeries> expected = new LinkedHashMap<>();

        Eval(int line, String expr, boolean range) {
            this.line = line;
            this.expr = expr;
            this.range = range;
        }
    }

    public final List<Command> commands = new ArrayList<>();

    /** Parses a script. */
    public static TestScript parse(String input) {
        String[] lines = input.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            lines[i] = l.startsWith("#") ? "" : l;
        }
        TestScript script = new TestScript();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                continue;
            }
            String first = l.split("[\\t ]+", 2)[0].toLowerCase(Locale.ROOT);
            if (first.equals("clear")) {
                script.commands.add(new Clear(i + 1));
            } else if (first.startsWith("load")) {
                i = parseLoad(lines, i, script);
            } else if (first.startsWith("eval")) {
                i = parseEval(lines, i, script);
            } else {
                throw error(i, "invalid command " + l);
            }
        }
        return script;
    }

    private static IllegalArgumentException error(int line, String message) {
        return new IllegalArgumentException("line " + (line + 1) + ": " + message);
    }

    private static long duration(String s) {
        return PromDuration.parse(s.strip());
    }

    private static int parseLoad(String[] lines, int i, TestScript script) {
        Matcher m = LOAD.matcher(lines[i]);
        if (!m.matches()) {
            throw error(i, "invalid load command. (load[_with_nhcb] <step:duration>)");
        }
        long step = duration(m.group(2));
        int start = i;
        Map<Labels, SeriesDescription> series = new LinkedHashMap<>();
        boolean startTimestamps = false;
        while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
            i++;
            String def = lines[i];
            int space = def.indexOf(' ');
            int tab = def.indexOf('\t');
            int firstSpace = space < 0 ? tab : tab < 0 ? space : Math.min(space, tab);
            if (firstSpace > 0 && def.substring(0, firstSpace).endsWith("@st")) {
                // Start timestamps for the next line: the storage API does not keep them.
                startTimestamps = true;
                continue;
            }
            SeriesDescription d = SeriesDescription.parse(def);
            series.put(d.labels(), d);
        }
        script.commands.add(new Load(start + 1, step, series, m.group(1) != null, startTimestamps));
        return i;
    }

    private static int parseEval(String[] lines, int i, TestScript script) {
        Matcher instant = EVAL_INSTANT.matcher(lines[i]);
        Matcher range = EVAL_RANGE.matcher(lines[i]);
        Eval cmd;
        String mod;
        if (instant.matches()) {
            mod = instant.group(1);
            cmd = new Eval(i + 1, instant.group(3), false);
            cmd.evalTime = duration(instant.group(2));
        } else if (range.matches()) {
            mod = range.group(1);
            cmd = new Eval(i + 1, range.group(5), true);
            cmd.start = duration(range.group(2));
            cmd.end = duration(range.group(3));
            cmd.step = duration(range.group(4));
            if (cmd.end < cmd.start) {
                throw error(i, "invalid test definition, end timestamp is before start timestamp");
            }
        } else {
            throw error(i, "invalid evaluation command");
        }
        if (mod != null) {
            switch (mod) {
                case "ordered" -> cmd.ordered = true;
                case "fail" -> cmd.fail = true;
                case "warn" -> cmd.warn = true;
                case "info" -> cmd.info = true;
                default -> throw error(i, "invalid eval modifier " + mod);
            }
        }
        boolean expectRangeVector = false;
        int position = 1;
        while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
            i++;
            String def = lines[i];
            if (cmd.fail && def.startsWith("expected_fail_message")) {
                cmd.failMatcher = new TextMatcher(def.substring("expected_fail_message".length()).strip(), null);
                break;
            }
            if (cmd.fail && def.startsWith("expected_fail_regexp")) {
                cmd.failMatcher = new TextMatcher(null, Re2.compile(def.substring("expected_fail_regexp".length())
                        .strip()));
                break;
            }
            if (def.startsWith("expect range vector")) {
                Matcher r = EXPECT_RANGE.matcher(def);
                if (!r.matches()) {
                    throw error(i, "invalid range vector definition " + def);
                }
                cmd.start = duration(r.group(1));
                cmd.end = duration(r.group(2));
                cmd.step = duration(r.group(3));
                cmd.evalTime = cmd.end;
                cmd.excludeFromRangeQuery = true;
                expectRangeVector = true;
                continue;
            }
            if (def.startsWith("expect string")) {
                cmd.expectedString = GoStrings.unquote(def.substring("expect string".length()).strip());
                cmd.excludeFromRangeQuery = true;
                continue;
            }
            if (def.split(" ")[0].equals("expect")) {
                parseExpect(def, cmd, i);
                continue;
            }
            try {
                cmd.scalar = GoNumbers.parse(def);
                cmd.expectScalar = true;
                break;
            } catch (NumberFormatException e) {
                // not a scalar: a series line
            }
            SeriesDescription d = SeriesDescription.parse(def);
            if (d.values().size() > 1 && !cmd.range && !expectRangeVector) {
                throw error(i, "expecting multiple values in instant evaluation not allowed");
            }
            cmd.expected.put(d.labels(), new ExpectedSeries(d.labels(), d.values(), position++));
        }
        script.commands.add(cmd);
        return i;
    }

    private static void parseExpect(String def, Eval cmd, int i) {
        Matcher m = EXPECT.matcher(def.strip());
        if (!m.matches()) {
            throw error(i, "invalid expect statement, must match `expect <type> <match_type>: <string>` format");
        }
        TextMatcher tm;
        if (m.group(2) == null) {
            tm = new TextMatcher(null, Pattern.compile("^.*$"));
        } else if (m.group(2).equals("msg")) {
            tm = new TextMatcher(m.group(3).strip(), null);
        } else {
            tm = new TextMatcher(null, Re2.compile(m.group(3).strip()));
        }
        switch (m.group(1)) {
            case "ordered" -> cmd.ordered = true;
            case "fail" -> {
                if (cmd.failMatcher != null && cmd.fail) {
                    throw error(i, "invalid expect lines, multiple expect fail lines are not allowed");
                }
                cmd.fail = true;
                cmd.failMatcher = tm;
            }
            case "warn" -> cmd.warns.add(tm);
            case "info" -> cmd.infos.add(tm);
            case "no_warn" -> cmd.noWarn = true;
            case "no_info" -> cmd.noInfo = true;
            default -> throw error(i, "invalid expected error/annotation type " + m.group(1));
        }
        if ((cmd.noWarn && !cmd.warns.isEmpty()) || (cmd.noInfo && !cmd.infos.isEmpty())) {
            throw error(i, "invalid expect lines, warn/info and no_warn/no_info cannot be used together");
        }
    }
}
