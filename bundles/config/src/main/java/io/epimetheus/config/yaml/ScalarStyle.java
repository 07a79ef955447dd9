package io.epimetheus.config.yaml;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Go's yaml.v2 writes a string: plain when reading it back plain gives the same string (not
 * {@code yes}, {@code 1_000}, {@code 2001-01-01}, {@code 10:30}, {@code ~}, ...) and no indicator
 * stands in the way, else single-quoted when that can hold it, else double-quoted with escapes; a
 * string with a line feed as a literal block ({@code |}) where one is allowed. Prometheus's
 * {@code /api/v1/status/config} is written this way.
 */
public enum ScalarStyle {
    PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL;

    /** Plain scalars yaml.v2 resolves by table to booleans, nulls and floats. */
    private static final Set<String> RESOLVED = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
            "on", "On", "ON", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
            "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf",
            "+.INF", "-.inf", "-.Inf", "-.INF");
    private static final String TABLE_HINTS = "yYnNtTfFoO~";
    private static final Pattern FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern DOT_FLOAT = Pattern.compile("^\\.[0-9]+([eE][-+]?[0-9]+)?$");
    private static final Pattern BASE60_FLOAT = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:([Tt])|( ))([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?"
            + "(Z|[-+][0-9]{2}:[0-9]{2})?)?$");
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /**
     * The style of a string scalar.
     *
     * @param flow whether it is written inside a flow sequence
     * @param key whether it is a mapping key
     */
    public static ScalarStyle of(String s, boolean flow, boolean key) {
        boolean canBePlain = readsAsString(s) && !BASE60_FLOAT.matcher(s).matches();
        ScalarStyle style = s.indexOf('\n') >= 0 ? LITERAL : canBePlain ? PLAIN : DOUBLE_QUOTED;
        Analysis a = analyze(s);
        if (style == PLAIN) {
            if (flow ? !a.flowPlain : !a.blockPlain) {
                style = SINGLE_QUOTED;
            }
            if (s.isEmpty() && (flow || key)) {
                style = SINGLE_QUOTED;
            }
        }
        if (style == SINGLE_QUOTED && !a.singleQuoted) {
            style = DOUBLE_QUOTED;
        }
        if (style == LITERAL && (!a.block || flow || key)) {
            style = DOUBLE_QUOTED;
        }
        return style;
    }

    /** Whether a plain scalar with this text reads back as this string (yaml.v2's resolver). */
    static boolean readsAsString(String s) {
        if (RESOLVED.contains(s)) {
            return false;
        }
        char c = s.charAt(0);
        if (TABLE_HINTS.indexOf(c) >= 0) {
            return true;
        }
        if (c == '.') {
            return !DOT_FLOAT.matcher(s).matches();
        }
        if (c != '+' && c != '-' && (c < '0' || c > '9')) {
            return true;
        }
        if (isTimestamp(s)) {
            return false;
        }
        String plain = s.replace("_", "");
        if (isGoInteger(plain)) {
            return false;
        }
        if (FLOAT.matcher(plain).matches() && Double.isFinite(Double.parseDouble(plain))) {
            return false;
        }
        if (plain.startsWith("0b") || plain.startsWith("-0b")) {
            String digits = plain.substring(plain.indexOf('b') + 1);
            if (!digits.isEmpty() && digits.chars().allMatch(d -> d == '0' || d == '1')
                    && new BigInteger(digits, 2).bitLength() < 64) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)} or {@code ParseUint(s, 0, 64)} succeeds. */
    private static boolean isGoInteger(String s) {
        int i = 0;
        boolean signed = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            signed = true;
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        String digits = body;
        if (body.length() > 1 && body.charAt(0) == '0') {
            char p = Character.toLowerCase(body.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                digits = body.substring(2);
            } else {
                radix = 8;
                digits = body.substring(1);
            }
        }
        if (digits.isEmpty() && !body.equals("0")) {
            return false;
        }
        BigInteger v;
        try {
            v = digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, radix);
        } catch (NumberFormatException e) {
            return false;
        }
        if (digits.startsWith("+") || digits.startsWith("-")) {
            return false;
        }
        if (s.startsWith("-")) {
            v = v.negate();
        }
        boolean int64 = v.compareTo(INT64_MIN) >= 0 && v.compareTo(INT64_MAX) <= 0;
        boolean uint64 = !signed && v.compareTo(UINT64_MAX) <= 0;
        return int64 || uint64;
    }

    /** One of the timestamp layouts yaml.v2 tries ({@code 2006-1-2}, with {@code T15:4:5}, ...). */
    private static boolean isTimestamp(String s) {
        Matcher m = TIMESTAMP.matcher(s);
        if (!m.matches()) {
            return false;
        }
        // The layouts with T carry a zone (Z or +hh:mm); the one with a space has none.
        if (m.group(4) != null && m.group(9) == null || m.group(5) != null && m.group(9) != null) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            return false;
        }
        return m.group(6) == null || (Integer.parseInt(m.group(6)) < 24 && Integer.parseInt(m.group(7)) < 60
                && Integer.parseInt(m.group(8)) < 60);
    }

    /** What the scalar's characters allow, as yaml.v2's emitter analyses them. */
    private record Analysis(boolean flowPlain, boolean blockPlain, boolean singleQuoted, boolean block) {
    }

    private static Analysis analyze(String s) {
        if (s.isEmpty()) {
            return new Analysis(false, true, true, false);
        }
        boolean blockIndicators = false;
        boolean flowIndicators = false;
        boolean lineBreaks = false;
        boolean special = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean previousSpace = false;
        boolean previousBreak = false;
        if (s.startsWith("---") || s.startsWith("...")) {
            blockIndicators = true;
            flowIndicators = true;
        }
        int[] cps = s.codePoints().toArray();
        boolean precededByWhitespace = true;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean followedByWhitespace = i + 1 >= cps.length || cps[i + 1] == ' ' || cps[i + 1] == '\t';
            if (i == 0) {
                switch (c) {
                    case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
                        flowIndicators = true;
                        blockIndicators = true;
                    }
                    case '?', ':' -> {
                        flowIndicators = true;
                        blockIndicators |= followedByWhitespace;
                    }
                    case '-' -> {
                        if (followedByWhitespace) {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                    }
                    default -> {
                    }
                }
            } else {
                switch (c) {
                    case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
                    case ':' -> {
                        flowIndicators = true;
                        blockIndicators |= followedByWhitespace;
                    }
                    case '#' -> {
                        if (precededByWhitespace) {
                            flowIndicators = true;
                            blockIndicators = true;
                        }
                    }
                    default -> {
                    }
                }
            }
            if (!isPrintable(c)) {
                special = true;
            }
            if (c == ' ') {
                leadingSpace |= i == 0;
                trailingSpace |= i == cps.length - 1;
                breakSpace |= previousBreak;
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(c)) {
                lineBreaks = true;
                leadingBreak |= i == 0;
                trailingBreak |= i == cps.length - 1;
                spaceBreak |= previousSpace;
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = c == ' ' || c == '\t' || isBreak(c);
        }
        boolean flowPlain = true;
        boolean blockPlain = true;
        boolean singleQuoted = true;
        boolean block = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
            flowPlain = false;
            blockPlain = false;
        }
        if (trailingSpace) {
            block = false;
        }
        if (breakSpace) {
            flowPlain = false;
            blockPlain = false;
            singleQuoted = false;
        }
        if (spaceBreak || special) {
            flowPlain = false;
            blockPlain = false;
            singleQuoted = false;
            block = false;
        }
        if (lineBreaks) {
            flowPlain = false;
            blockPlain = false;
        }
        if (flowIndicators) {
            flowPlain = false;
        }
        if (blockIndicators) {
            blockPlain = false;
        }
        return new Analysis(flowPlain, blockPlain, singleQuoted, block);
    }

    /** Characters yaml.v2 writes as they are (a line feed, printable ASCII and most of the BMP). */
    static boolean isPrintable(int c) {
        return c == '\n' || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
    }

    /** YAML line breaks: CR, LF, NEL, LS and PS. */
    static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
