package io.epimetheus.api.regex;

/** Reads strings written by Go's {@code strconv.QuoteToASCII} (test data recorded from Go). */
final class GoQuote {

    private GoQuote() {
    }

    static String unquote(String quoted) {
        if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
            throw new IllegalArgumentException("not a Go quoted string: " + quoted);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = quoted.charAt(++i);
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000B');
                case '\\', '"', '\'' -> sb.append(e);
                case 'x' -> {
                    sb.append((char) Integer.parseInt(quoted.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    sb.appendCodePoint(Integer.parseInt(quoted.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'U' -> {
                    sb.appendCodePoint(Integer.parseInt(quoted.substring(i + 1, i + 9), 16));
                    i += 8;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e + " in " + quoted);
            }
        }
        return sb.toString();
    }
}
