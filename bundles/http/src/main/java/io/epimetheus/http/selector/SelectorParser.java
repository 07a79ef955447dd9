package io.epimetheus.http.selector;

import io.epimetheus.api.model.Labels;
import io.epimetheus.api.model.MatchType;
import io.epimetheus.api.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a PromQL series selector ({@code match[]}, {@code match_target}): an optional metric name
 * followed by an optional brace block of label matchers, e.g. {@code up{job="api",env=~"prod|dev"}}
 * or {@code {"my.metric", instance!=""}}. Strings are Go string literals (double or single quoted
 * with escapes, or back-quoted raw). Errors are worded as PromQL's parser words them, prefixed with
 * {@code line:column: parse error: }.
 *
 * <p>Stateless and thread-safe; a parse is a single pass without backtracking.
 */
public final class SelectorParser {

    private SelectorParser() {
    }

    /**
     * The matchers of a selector, the metric name (when given) as an equality matcher on {@code
     * __name__} last, as PromQL orders them.
     *
     * @throws SelectorException if the text is not a valid selector
     */
    public static List<Matcher> parse(String input) throws SelectorException {
        return new Run(input).selector();
    }

    private static final class Run {
        private final String in;
        private int pos;

        Run(String in) {
            this.in = in;
        }

        List<Matcher> selector() throws SelectorException {
            skipBlanks();
            if (pos >= in.length()) {
                throw error(pos, "unexpected end of input");
            }
            String metricName = null;
            if (isAlpha(in.charAt(pos)) || in.charAt(pos) == ':') {
                metricName = metricIdentifier();
            }
            List<Matcher> matchers = new ArrayList<>();
            skipBlanks();
            if (pos < in.length() && in.charAt(pos) == '{') {
                pos++;
                braces(matchers);
            } else if (metricName == null) {
                throw error(pos, unexpectedOutside());
            }
            skipBlanks();
            if (pos < in.length()) {
                throw error(pos, unexpectedOutside());
            }
            if (metricName != null) {
                matchers.add(Matcher.equal(Labels.METRIC_NAME, metricName));
            }
            return matchers;
        }

        private String unexpectedOutside() {
            char c = in.charAt(pos);
            if (c == '}') {
                return "unexpected character: '}'";
            }
            if (c == '"' || c == '\'' || c == '`') {
                int end = in.indexOf(c, pos + 1);
                return "unexpected string " + goQuote(end < 0 ? in.substring(pos) : in.substring(pos, end + 1));
            }
            if ("+-*/%^".indexOf(c) >= 0) {
                return "unexpected <op:" + c + ">";
            }
            return "unexpected character: " + quoteRune(c);
        }

        private String metricIdentifier() {
            int start = pos;
            while (pos < in.length() && (isAlnum(in.charAt(pos)) || in.charAt(pos) == ':')) {
                pos++;
            }
            return in.substring(start, pos);
        }

        private void braces(List<Matcher> out) throws SelectorException {
            boolean expectMatcher = true;
            while (true) {
                skipBlanks();
                if (pos >= in.length()) {
                    throw error(pos, "unexpected end of input inside braces");
                }
                char c = in.charAt(pos);
                if (c == '}') {
                    pos++;
                    return;
                }
                if (!expectMatcher) {
                    if (c != ',') {
                        throw error(pos, "unexpected " + describe(pos) + " in label matching, expected \",\" or \"}\"");
                    }
                    pos++;
                    expectMatcher = true;
                    continue;
                }
                out.add(matcher());
                expectMatcher = false;
            }
        }

        private Matcher matcher() throws SelectorException {
            int start = pos;
            char c = in.charAt(pos);
            String name;
            boolean quotedName = false;
            if (isAlpha(c)) {
                int s = pos;
                while (pos < in.length() && isAlnum(in.charAt(pos))) {
                    pos++;
                }
                name = in.substring(s, pos);
            } else if (c == '"' || c == '\'' || c == '`') {
                name = string();
                quotedName = true;
            } else {
                throw error(pos, lexErrorInsideBraces(c));
            }
            skipBlanks();
            if (pos >= in.length()) {
                throw error(pos, "unexpected end of input inside braces");
            }
            char op = in.charAt(pos);
            if (quotedName && (op == ',' || op == '}')) {
                // {"metric.name"}: a bare quoted string names the metric.
                return Matcher.equal(Labels.METRIC_NAME, name);
            }
            MatchType type;
            if (op == '=') {
                pos++;
                if (pos < in.length() && in.charAt(pos) == '~') {
                    pos++;
                    type = MatchType.REGEX;
                } else {
                    type = MatchType.EQUAL;
                }
            } else if (op == '!') {
                pos++;
                char next = pos < in.length() ? in.charAt(pos) : 0;
                if (next == '=') {
                    type = MatchType.NOT_EQUAL;
                } else if (next == '~') {
                    type = MatchType.NOT_REGEX;
                } else {
                    throw error(pos - 1, "unexpected character after '!' inside braces: " + quoteRune(next));
                }
                pos++;
            } else {
                throw error(pos, "unexpected " + describe(pos) + " in label matching, expected label matching operator");
            }
            skipBlanks();
            if (pos >= in.length()) {
                throw error(pos, "unexpected end of input inside braces");
            }
            char q = in.charAt(pos);
            if (q != '"' && q != '\'' && q != '`') {
                throw error(pos, "unexpected " + describe(pos) + " in label matching, expected string");
            }
            String value = string();
            try {
                return Matcher.of(type, name, value);
            } catch (IllegalArgumentException e) {
                throw error(start, e.getMessage());
            }
        }

        private String lexErrorInsideBraces(char c) throws SelectorException {
            if (c == '{') {
                return "unexpected left brace '{'";
            }
            if (c == '=' || c == '!' || c == ',') {
                return "unexpected " + describe(pos) + " in label matching, expected identifier or \"}\"";
            }
            return "unexpected character inside braces: " + quoteRune(c);
        }

        /** PromQL's description of the token at {@code at}, as its "unexpected ..." errors name it. */
        private String describe(int at) throws SelectorException {
            char c = in.charAt(at);
            if (c == '"' || c == '\'' || c == '`') {
                int save = pos;
                pos = at;
                string();
                String raw = in.substring(at, pos);
                pos = save;
                return "string " + goQuote(raw);
            }
            if (isAlpha(c)) {
                int end = at;
                while (end < in.length() && isAlnum(in.charAt(end))) {
                    end++;
                }
                return "identifier " + goQuote(in.substring(at, end));
            }
            if (c == '!' || c == '=') {
                boolean two = at + 1 < in.length() && (in.charAt(at + 1) == '=' || in.charAt(at + 1) == '~');
                return goQuote(in.substring(at, two ? at + 2 : at + 1));
            }
            if (c == '}' || c == ',') {
                return goQuote(String.valueOf(c));
            }
            throw error(at, "unexpected character inside braces: " + quoteRune(c));
        }

        /** Reads a Go string literal starting at {@code pos} and returns its value. */
        private String string() throws SelectorException {
            char open = in.charAt(pos);
            int start = pos;
            pos++;
            StringBuilder sb = new StringBuilder();
            if (open == '`') {
                int end = in.indexOf('`', pos);
                if (end < 0) {
                    throw error(start, "unterminated raw string");
                }
                sb.append(in, pos, end);
                pos = end + 1;
                return sb.toString();
            }
            while (true) {
                if (pos >= in.length() || in.charAt(pos) == '\n') {
                    throw error(start, "unterminated quoted string");
                }
                char c = in.charAt(pos++);
                if (c == open) {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                escape(sb, open, start);
            }
        }

        private void escape(StringBuilder sb, char quote, int start) throws SelectorException {
            if (pos >= in.length()) {
                throw error(start, "escape sequence not terminated");
            }
            char c = in.charAt(pos++);
            switch (c) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\' -> sb.append('\\');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    pos--;
                    int v = digits(3, 8, start);
                    if (v > 255) {
                        throw error(start, "escape sequence is an invalid Unicode code point");
                    }
                    sb.append((char) v);
                }
                case 'x' -> sb.append((char) digits(2, 16, start));
                case 'u' -> appendCodePoint(sb, digits(4, 16, start), start);
                case 'U' -> appendCodePoint(sb, digits(8, 16, start), start);
                default -> {
                    if (c == quote) {
                        sb.append(c);
                    } else {
                        throw error(start, "unknown escape sequence U+" + hex4(c) + " " + quoteRune(c));
                    }
                }
            }
        }

        private void appendCodePoint(StringBuilder sb, int cp, int start) throws SelectorException {
            if (cp > 0x10FFFF || cp >= 0xD800 && cp < 0xE000) {
                throw error(start, "escape sequence is an invalid Unicode code point");
            }
            sb.appendCodePoint(cp);
        }

        private int digits(int count, int base, int start) throws SelectorException {
            int v = 0;
            for (int i = 0; i < count; i++) {
                if (pos >= in.length()) {
                    throw error(start, "escape sequence not terminated");
                }
                char c = in.charAt(pos);
                int d = Character.digit(c, base);
                if (d < 0 || c > 127) {
                    throw error(start, "illegal character U+" + hex4(c) + " " + quoteRune(c) + " in escape sequence");
                }
                v = v * base + d;
                pos++;
            }
            return v;
        }

        private void skipBlanks() {
            while (pos < in.length()) {
                char c = in.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else if (c == '#') {
                    while (pos < in.length() && in.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        private SelectorException error(int at, String message) {
            int line = 1;
            int col = 1;
            for (int i = 0; i < at && i < in.length(); i++) {
                if (in.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            return new SelectorException(line + ":" + col + ": parse error: " + message);
        }
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isAlnum(char c) {
        return isAlpha(c) || c >= '0' && c <= '9';
    }

    private static String hex4(char c) {
        String h = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        return "0000".substring(Math.min(4, h.length())) + h;
    }

    /** Go's {@code %q} of a rune. */
    static String quoteRune(char c) {
        return switch (c) {
            case 0 -> "'\\x00'";
            case '\'' -> "'\\''";
            case '\\' -> "'\\\\'";
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            case '\r' -> "'\\r'";
            default -> "'" + c + "'";
        };
    }

    private static String quote(String s) {
        return goQuote(s);
    }

    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
