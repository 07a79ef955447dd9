package io.epimetheus.exporters;

import io.epimetheus.api.model.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the sample lines of a text exposition produced by a reference implementation (node_exporter
 * fixtures, a live node_exporter) into series keys comparable with {@link RecordingSink#samples()}.
 * Only the simple shapes those outputs have: {@code name{k="v",...} value}, no timestamps.
 */
public final class ExpositionLines {

    private ExpositionLines() {
    }

    /** Series key to value; {@code # HELP}/{@code # TYPE} lines are skipped. */
    public static Map<String, Double> samples(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space;
            String name;
            Labels labels;
            if (brace >= 0 && brace < line.indexOf(' ')) {
                name = line.substring(0, brace);
                int[] end = new int[1];
                labels = parseLabels(line, brace + 1, end);
                space = end[0];
            } else {
                space = line.indexOf(' ');
                name = line.substring(0, space);
                labels = Labels.EMPTY;
            }
            String value = line.substring(space).trim().split(" ")[0];
            out.put(name + labels, parseValue(value));
        }
        return out;
    }

    /** {@code # HELP} text per metric name. */
    public static Map<String, String> help(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                int sp = rest.indexOf(' ');
                out.put(sp < 0 ? rest : rest.substring(0, sp), sp < 0 ? "" : rest.substring(sp + 1).replace("\\n", "\n").replace("\\\\", "\\"));
            }
        }
        return out;
    }

    /** {@code # TYPE} per metric name. */
    public static Map<String, String> types(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                out.put(parts[0], parts[1]);
            }
        }
        return out;
    }

    private static double parseValue(String v) {
        switch (v) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                return Double.parseDouble(v);
        }
    }

    private static Labels parseLabels(String line, int from, int[] end) {
        List<String> pairs = new ArrayList<>();
        int i = from;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            pairs.add(line.substring(i, eq).trim());
            i = eq + 2; // past ="
            StringBuilder v = new StringBuilder();
            while (line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\') {
                    char n = line.charAt(++i);
                    v.append(n == 'n' ? '\n' : n);
                } else {
                    v.append(c);
                }
                i++;
            }
            pairs.add(v.toString());
            i++;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        end[0] = i + 1;
        return Labels.of(pairs.toArray(new String[0]));
    }
}
