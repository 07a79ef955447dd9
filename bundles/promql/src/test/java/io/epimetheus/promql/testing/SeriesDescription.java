package io.epimetheus.promql.testing;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.LabelsBuilder;
import io.epimetheus.api.model.StaleNaN;
import io.epimetheus.promql.parse.GoNumbers;
import io.epimetheus.promql.parse.GoStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * A series description of the PromQL test language: {@code metric{label="value"} 1 2+3x4 _ stale
 * {{schema:0 sum:1}}}: labels and a sequence of values, where a value is a float, an omitted
 * position or a native histogram (kept only as a marker: the engine does not store them).
 *
 * @param labels the series labels
 * @param values the sequence, one entry per position
 */
public record SeriesDescription(Labels labels, List<Value> values) {

    /**
     * One position of a sequence.
     *
     * @param value the float value (the staleness marker for {@code stale})
     * @param omitted whether nothing is stored at this position
     * @param histogram whether the position holds a native histogram
     */
    public record Value(double value, boolean omitted, boolean histogram) {
        static final Value OMITTED = new Value(0, true, false);
        static final Value HISTOGRAM = new Value(0, false, true);
    }

    /** Whether any position is a native histogram. */
    public boolean hasHistograms() {
        for (Value v : values) {
            if (v.histogram()) {
                return true;
            }
        }
        return false;
    }

    /** Parses a series description line. */
    public static SeriesDescription parse(String line) {
        int[] pos = {0};
        Labels labels = parseMetric(line, pos);
        List<Value> values = new ArrayList<>();
        for (String item : items(line.substring(pos[0]))) {
            parseItem(item, values);
        }
        return new SeriesDescription(labels, values);
    }

    /** Parses {@code name}, {@code name{...}} or {@code {...}} at the start of {@code s}. */
    static Labels parseMetric(String s, int[] pos) {
        LabelsBuilder b = new LabelsBuilder();
        int i = pos[0];
        int nameStart = i;
        while (i < s.length() && isNameChar(s.charAt(i))) {
            i++;
        }
        if (i > nameStart) {
            b.set(Labels.METRIC_NAME, s.substring(nameStart, i));
        }
        if (i < s.length() && s.charAt(i) == '{') {
            i++;
            while (true) {
                i = skipSpaces(s, i);
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated label set in " + s);
                }
                if (s.charAt(i) == '}') {
                    i++;
                    break;
                }
                String name;
                if (isQuote(s.charAt(i))) {
                    int end = endOfString(s, i);
                    name = GoStrings.unquote(s.substring(i, end));
                    i = skipSpaces(s, end);
                    if (i < s.length() && (s.charAt(i) == ',' || s.charAt(i) == '}')) {
                        b.set(Labels.METRIC_NAME, name);
                        if (s.charAt(i) == ',') {
                            i++;
                        }
                        continue;
                    }
                } else {
                    int start = i;
                    while (i < s.length() && isNameChar(s.charAt(i))) {
                        i++;
                    }
                    name = s.substring(start, i);
                    i = skipSpaces(s, i);
                }
                if (name.isEmpty() || i >= s.length() || s.charAt(i) != '=') {
                    throw new IllegalArgumentException("bad label set in " + s);
                }
                i = skipSpaces(s, i + 1);
                if (i >= s.length() || !isQuote(s.charAt(i))) {
                    throw new IllegalArgumentException("label value must be a string in " + s);
                }
                int end = endOfString(s, i);
                b.set(name, GoStrings.unquote(s.substring(i, end)));
                i = skipSpaces(s, end);
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                }
            }
        }
        pos[0] = i;
        return b.build();
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    private static int endOfString(String s, int i) {
        char q = s.charAt(i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != q) {
            if (s.charAt(j) == '\\' && q != '`') {
                j++;
            }
            j++;
        }
        if (j >= s.length()) {
            throw new IllegalArgumentException("unterminated string in " + s);
        }
        return j + 1;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Splits the values into items; histograms {@code {{...}}} may contain spaces. */
    private static List<String> items(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            i = skipSpaces(s, i);
            if (i >= s.length()) {
                return out;
            }
            int start = i;
            int depth = 0;
            while (i < s.length()) {
                if (s.startsWith("{{", i)) {
                    depth++;
                    i += 2;
                    continue;
                }
                if (s.startsWith("}}", i)) {
                    depth--;
                    i += 2;
                    continue;
                }
                if (depth == 0 && Character.isWhitespace(s.charAt(i))) {
                    break;
                }
                i++;
            }
            out.add(s.substring(start, i));
        }
    }

    private static void parseItem(String item, List<Value> values) {
        if (item.startsWith("{{")) {
            int close = item.lastIndexOf("}}");
            String rest = item.substring(close + 2);
            int count = 1;
            int x = rest.lastIndexOf('x');
            if (x >= 0) {
                count = Integer.parseInt(rest.substring(x + 1)) + 1;
            }
            for (int k = 0; k < count; k++) {
                values.add(Value.HISTOGRAM);
            }
            return;
        }
        if (item.equals("_")) {
            values.add(Value.OMITTED);
            return;
        }
        if (item.startsWith("_x")) {
            int n = Integer.parseInt(item.substring(2));
            for (int k = 0; k < n; k++) {
                values.add(Value.OMITTED);
            }
            return;
        }
        if (item.equals("stale")) {
            values.add(new Value(StaleNaN.VALUE, false, false));
            return;
        }
        int[] pos = {0};
        double base = number(item, pos);
        if (pos[0] == item.length()) {
            values.add(new Value(base, false, false));
            return;
        }
        double delta = 0;
        if (item.charAt(pos[0]) != 'x') {
            delta = number(item, pos);
        }
        if (pos[0] >= item.length() || item.charAt(pos[0]) != 'x') {
            throw new IllegalArgumentException("bad series value " + item);
        }
        long times = Long.parseLong(item.substring(pos[0] + 1));
        double v = base;
        for (long k = 0; k <= times; k++) {
            values.add(new Value(v, false, false));
            v += delta;
        }
    }

    /** A signed PromQL number literal (no hex: ambiguous in sequences) starting at {@code pos[0]}. */
    private static double number(String s, int[] pos) {
        int i = pos[0];
        int start = i;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (s.regionMatches(true, i, "inf", 0, 3) || s.regionMatches(true, i, "nan", 0, 3)) {
            i += 3;
        } else {
            while (i < s.length()) {
                char c = s.charAt(i);
                boolean exponentSign = (c == '+' || c == '-') && i > start && (s.charAt(i - 1) == 'e'
                        || s.charAt(i - 1) == 'E');
                if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '_' || exponentSign) {
                    i++;
                } else {
                    break;
                }
            }
        }
        if (i == start) {
            throw new IllegalArgumentException("bad number in series value " + s);
        }
        pos[0] = i;
        String text = s.substring(start, i);
        if (text.startsWith("+")) {
            text = text.substring(1);
        }
        return GoNumbers.parse(text);
    }
}
