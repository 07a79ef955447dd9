package io.epimetheus.api.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable set of label name/value pairs identifying one time series, sorted by name.
 *
 * <p>Names are unique; a label with an empty value is the same as an absent label and is never
 * stored (as in Prometheus). The metric name is the label {@value #METRIC_NAME}. Ordering and
 * equality follow Prometheus: labels sort by name in Unicode code point order (the byte order of
 * their UTF-8 form), and two sets are compared pair by pair, name before value, the shorter set
 * first when one is a prefix of the other.
 *
 * <p>Instances are immutable and safe to share between threads. The hash is computed once, on
 * construction, and is stable across JVMs, so it can be persisted or used for sharding.
 */
public final class Labels implements Comparable<Labels> {

    /** The label that holds the metric name. */
    public static final String METRIC_NAME = "__name__";

    /** The empty label set. */
    public static final Labels EMPTY = new Labels(new String[0]);

    // name0, value0, name1, value1, ... sorted by name, no empty values, no duplicate names.
    private final String[] pairs;
    private final long hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
        this.hash = hashOf(pairs, pairs.length);
    }

    /**
     * Wraps pairs that the caller guarantees are sorted by name, free of duplicates and of empty
     * values. The array is owned by the new instance from then on.
     */
    static Labels ofSortedPairs(String[] pairs) {
        return pairs.length == 0 ? EMPTY : new Labels(pairs);
    }

    /**
     * Builds labels from alternating names and values, in any order. Pairs with an empty value are
     * dropped.
     *
     * @throws IllegalArgumentException if the count is odd, a name or value is null, or a name
     *     repeats
     */
    public static Labels of(String... namesAndValues) {
        if ((namesAndValues.length & 1) != 0) {
            throw new IllegalArgumentException("Labels.of needs name/value pairs, got an odd count of "
                    + namesAndValues.length + " strings");
        }
        LabelsBuilder b = new LabelsBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            if (b.get(name) != null) {
                throw new IllegalArgumentException("duplicate label name \"" + name + "\"");
            }
            b.set(name, namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** Builds labels from a map; entries with an empty value are dropped. */
    public static Labels of(Map<String, String> map) {
        LabelsBuilder b = new LabelsBuilder();
        map.forEach(b::set);
        return b.build();
    }

    /** A new builder initialised with these labels. */
    public LabelsBuilder toBuilder() {
        return new LabelsBuilder(this);
    }

    /** The number of labels. */
    public int size() {
        return pairs.length >> 1;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /** The name of the label at {@code index} (0-based, in sorted order). */
    public String name(int index) {
        return pairs[index << 1];
    }

    /** The value of the label at {@code index} (0-based, in sorted order). */
    public String value(int index) {
        return pairs[(index << 1) + 1];
    }

    /** The value of the named label, or {@code null} when absent. */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : pairs[(i << 1) + 1];
    }

    /** The value of the named label, or the empty string when absent (Prometheus semantics). */
    public String getOrEmpty(String name) {
        String v = get(name);
        return v == null ? "" : v;
    }

    /** Whether the named label is present. */
    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** The position of the named label in sorted order, or a negative number when absent. */
    public int indexOf(String name) {
        // Label sets are small: a linear scan beats binary search up to a dozen labels and the
        // common lookup, __name__, sits near the front.
        String[] p = pairs;
        if (p.length <= 24) {
            for (int i = 0; i < p.length; i += 2) {
                if (p[i].equals(name)) {
                    return i >> 1;
                }
            }
            return -1;
        }
        int lo = 0;
        int hi = (p.length >> 1) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = compareStrings(p[mid << 1], name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** The metric name ({@value #METRIC_NAME}), or {@code null} when absent. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    /** These labels without the metric name; this instance when it has none. */
    public Labels withoutMetricName() {
        return without(METRIC_NAME);
    }

    /** These labels without the named ones; this instance when none is present. */
    public Labels without(String... names) {
        int drop = 0; // counted per label, not per name: names may repeat
        for (int i = 0; i < pairs.length; i += 2) {
            if (contains(names, pairs[i])) {
                drop++;
            }
        }
        if (drop == 0) {
            return this;
        }
        String[] out = new String[pairs.length - 2 * drop];
        int o = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (!contains(names, pairs[i])) {
                out[o++] = pairs[i];
                out[o++] = pairs[i + 1];
            }
        }
        return ofSortedPairs(out);
    }

    private static boolean contains(String[] names, String name) {
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Only the named labels that are present. */
    public Labels keepOnly(String... names) {
        LabelsBuilder b = new LabelsBuilder();
        for (String n : names) {
            String v = get(n);
            if (v != null) {
                b.set(n, v);
            }
        }
        return b.build();
    }

    /** Calls {@code action} with every name and value in sorted order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < pairs.length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    /** A 64-bit hash of all names and values, stable across JVM runs. */
    public long hash() {
        return hash;
    }

    /** A 64-bit hash of only the named labels (absent ones count as empty), stable across runs. */
    public long hashFor(String... names) {
        long h = SEED;
        for (String n : names) {
            String v = get(n);
            if (v != null) {
                h = mixString(mixString(h, n), v);
            }
        }
        return finish(h);
    }

    /** A 64-bit hash of all labels except the named ones, stable across runs. */
    public long hashWithout(String... names) {
        long h = SEED;
        outer:
        for (int i = 0; i < pairs.length; i += 2) {
            for (String n : names) {
                if (pairs[i].equals(n)) {
                    continue outer;
                }
            }
            h = mixString(mixString(h, pairs[i]), pairs[i + 1]);
        }
        return finish(h);
    }

    @Override
    public int hashCode() {
        return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels other)) {
            return false;
        }
        return hash == other.hash && Arrays.equals(pairs, other.pairs);
    }

    /** Prometheus order: pair by pair, name then value; a prefix sorts first. */
    @Override
    public int compareTo(Labels o) {
        String[] a = pairs;
        String[] b = o.pairs;
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i += 2) {
            int c = compareStrings(a[i], b[i]);
            if (c != 0) {
                return c;
            }
            c = compareStrings(a[i + 1], b[i + 1]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /**
     * Compares strings by Unicode code point, the order Go (and so Prometheus) uses for UTF-8
     * strings. {@link String#compareTo} compares UTF-16 units, which disagrees for characters
     * above U+FFFF against U+E000..U+FFFF.
     */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa != sb) {
                    // A surrogate encodes a code point above U+FFFF: greater than any BMP char.
                    return sa ? 1 : -1;
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    /**
     * The form Prometheus prints label sets in: {@code {__name__="up", job="node"}}, names that
     * are not legacy identifiers quoted, values always quoted.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(16 * size() + 2);
        sb.append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            if (isLegacyLabelName(pairs[i])) {
                sb.append(pairs[i]);
            } else {
                appendQuoted(sb, pairs[i]);
            }
            sb.append('=');
            appendQuoted(sb, pairs[i + 1]);
        }
        return sb.append('}').toString();
    }

    /**
     * Appends {@code s} double-quoted exactly as Go's {@code strconv.Quote} does (so as Prometheus
     * prints labels): backslash and quote escaped, {@code \\a \\b \\f \\n \\r \\t \\v} for those
     * controls, {@code \\x7f} for other ASCII controls, and {@code \\u00a0} / {@code \\U0001f3f3}
     * for other code points that are not printable (letters, marks, numbers, punctuation, symbols
     * and the ASCII space are). An unpaired surrogate, which has no UTF-8 form, becomes
     * {@code \\ufffd}.
     */
    public static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0B -> sb.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 15]);
                    } else if (isPrintable(c)) {
                        sb.appendCodePoint(c);
                    } else {
                        int cp = c < 0x10000 && Character.isSurrogate((char) c) ? 0xFFFD : c;
                        int digits = cp < 0x10000 ? 4 : 8;
                        sb.append(digits == 4 ? "\\u" : "\\U");
                        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
                            sb.append(HEX[(cp >> shift) & 15]);
                        }
                    }
                }
            }
        }
        sb.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols, ASCII space. */
    private static boolean isPrintable(int c) {
        if (c < 0x80) {
            return c >= 0x20 && c < 0x7f;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.CONNECTOR_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Whether {@code name} matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, the legacy metric name form. */
    public static boolean isLegacyMetricName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} matches {@code [a-zA-Z_][a-zA-Z0-9_]*}, the legacy label name form. */
    public static boolean isLegacyLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code name} is a valid label name under UTF-8 validation: any non-empty valid string. */
    public static boolean isValidLabelName(String name) {
        return !name.isEmpty() && isWellFormed(name);
    }

    /** Whether {@code s} contains no unpaired surrogate, i.e. encodes to valid UTF-8. */
    public static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    // ---- hashing: a 64-bit multiply-xorshift over UTF-16 units; names and values are separated
    // by a marker that cannot occur in a well-formed string so ("ab","c") != ("a","bc").

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long MUL = 0xBF58476D1CE4E5B9L;

    static long hashOf(String[] pairs, int length) {
        long h = SEED;
        for (int i = 0; i < length; i++) {
            h = mixString(h, pairs[i]);
        }
        return finish(h);
    }

    private static long mixString(long h, String s) {
        int n = s.length();
        int i = 0;
        for (; i + 3 < n; i += 4) {
            long w = s.charAt(i) | ((long) s.charAt(i + 1) << 16) | ((long) s.charAt(i + 2) << 32)
                    | ((long) s.charAt(i + 3) << 48);
            h = (h ^ w) * MUL;
            h ^= h >>> 29;
        }
        for (; i < n; i++) {
            h = (h ^ s.charAt(i)) * MUL;
        }
        h = (h ^ 0xFFFF_FFFFL) * MUL;
        return h ^ (h >>> 31);
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
